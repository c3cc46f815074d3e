import pytest
from django.urls import reverse

from bexley_qa.people.models import Child

from ..factories import UserFactory


def test_technical_support_superusers_use_the_admin(org, client):
    client.force_login(UserFactory(username="support", is_superuser=True, is_staff=True))
    for name in ("people_user", "people_team", "people_service", "people_child"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    child = Child.objects.first()
    response = client.get(reverse("admin:people_child_change", args=[child.pk]))
    assert child.case_id.encode() in response.content


@pytest.mark.parametrize("person", ["pat", "tom", "alice"])
def test_no_one_else_opens_the_admin_not_even_psqa_or_a_staff_flag(org, client_for, person):
    user = getattr(org, person)
    user.is_staff = True  # even a stray staff flag opens nothing now
    user.save()
    client = client_for(user)
    assert client.get(reverse("admin:index"), follow=True).status_code == 403
    assert client.get(reverse("admin:people_user_changelist"), follow=True).status_code == 403
    response = client.post(
        reverse("admin:people_user_change", args=[user.pk]),
        {"username": user.username, "is_superuser": "on", "is_staff": "on"},
        follow=True,
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_signed_out_the_admin_sends_you_to_the_one_sign_in_page(db, client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("sign-in"))
