from django.core.management import call_command
from django.urls import reverse

from bexley_qa.people.models import Child, User


def test_psqa_can_manage_people_teams_and_children_in_admin(db, settings, client):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    client.force_login(User.objects.get(username="psqa"))
    for name in ("people_user", "people_team", "people_service", "people_child"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    child = Child.objects.first()
    response = client.get(reverse("admin:people_child_change", args=[child.pk]))
    assert response.status_code == 200
    assert child.case_id.encode() in response.content


def test_admin_never_widens_a_staff_members_scope(org, client):
    # Tom is made staff with view rights, but admin still shows only his team's children.
    from django.contrib.auth.models import Permission

    org.tom.is_staff = True
    org.tom.save()
    org.tom.user_permissions.add(Permission.objects.get(codename="view_child"))
    client.force_login(org.tom)
    response = client.get(reverse("admin:people_child_changelist"))
    assert response.status_code == 200
    assert b"1000001" in response.content
    assert b"2000001" not in response.content
    assert client.get(reverse("admin:people_child_change", args=[org.dan.pk])).status_code == 302


def test_people_without_admin_rights_cannot_open_admin(org, client_for):
    response = client_for(org.alice).get(reverse("admin:index"))
    assert response.status_code == 302
