"""PSQA keep people, roles and teams on the app's own pages (no staff, superuser or password)."""

import re

import pytest
from django.urls import reverse

from bexley_qa.people.models import RoleCode, User


def test_psqa_add_a_person_with_roles_and_they_cannot_sign_in_with_a_password(org, client_for):
    client = client_for(org.pat)
    response = client.post(
        reverse("manage:person-add"),
        {
            "first_name": "Nia",
            "last_name": "Okafor",
            "email": "nia.okafor@bexley.example.org",
            "job_title": "Social worker",
            "team": org.team_a.pk,
            "roles": [RoleCode.PRACTITIONER],
            "is_active": "on",
            # Fields the page does not offer are ignored, whatever is posted.
            "is_staff": "on",
            "is_superuser": "on",
            "password": "chosen-by-psqa-123",
            "username": "root",
        },
        follow=True,
    )
    nia = User.objects.get(email="nia.okafor@bexley.example.org")
    assert "Nia Okafor saved: their username is nia.okafor" in response.content.decode()
    assert nia.username == "nia.okafor" and nia.team == org.team_a
    assert nia.role_codes == {RoleCode.PRACTITIONER}
    assert not nia.is_staff and not nia.is_superuser and not nia.has_usable_password()


def test_psqa_change_roles_and_the_change_is_in_the_history(org, client_for):
    client = client_for(org.pat)
    url = reverse("manage:person", args=[org.alice.pk])
    form = client.get(url).content.decode()
    assert 'value="practitioner"' in form and "checked" in form
    client.post(
        url,
        {
            "first_name": "Alice",
            "last_name": "Adams",
            "email": org.alice.email,
            "team": org.team_a.pk,
            "roles": [RoleCode.PRACTITIONER, RoleCode.TEAM_MANAGER],
            "is_active": "on",
        },
    )
    alice = User.objects.get(pk=org.alice.pk)
    assert alice.role_codes == {RoleCode.PRACTITIONER, RoleCode.TEAM_MANAGER}


def test_a_wrong_entry_says_what_to_fix_and_saves_nothing(org, client_for):
    response = client_for(org.pat).post(
        reverse("manage:person-add"), {"first_name": "", "email": org.alice.email}
    )
    page = response.content.decode()
    assert "Enter their first name" in page and "Someone already has this email address" in page
    assert User.objects.filter(email=org.alice.email).count() == 1


def test_psqa_cannot_switch_themselves_off_or_drop_their_own_psqa_role(org, client_for):
    url = reverse("manage:person", args=[org.pat.pk])
    data = {"first_name": "Pat", "last_name": "Price", "email": org.pat.email}
    response = client_for(org.pat).post(url, {**data, "roles": [RoleCode.PSQA]})
    assert "You cannot switch off your own account" in response.content.decode()
    response = client_for(org.pat).post(url, {**data, "is_active": "on", "roles": []})
    assert "You cannot take away your own PSQA role" in response.content.decode()
    assert User.objects.get(pk=org.pat.pk).is_active
    assert RoleCode.PSQA in User.objects.get(pk=org.pat.pk).role_codes


def test_a_superusers_account_is_not_on_these_pages(org, client_for):
    from ..factories import UserFactory

    support = UserFactory(username="support", is_superuser=True)
    client = client_for(org.pat)
    assert client.get(reverse("manage:person", args=[support.pk])).status_code == 404
    page = client.get(reverse("manage:people") + "?q=support").content.decode()
    assert "No one matches your search" in page


def test_psqa_record_a_teams_managers(org, client_for):
    client = client_for(org.pat)
    url = reverse("manage:team", args=[org.team_b.pk])
    response = client.post(
        url, {"name": "Care", "service": org.service_b.pk, "add_manager": org.tom.pk}, follow=True
    )
    assert "Care saved" in response.content.decode()
    assert list(org.team_b.managers.all()) == [org.tom]
    # Recorded managers are ticked; unticking one takes them off, adding another keeps the rest.
    ticked = re.findall(r'<input[^>]*name="managers"[^>]*>', client.get(url).content.decode())
    assert len(ticked) == 1 and f'value="{org.tom.pk}"' in ticked[0] and "checked" in ticked[0]
    client.post(url, {"name": "Care", "service": org.service_b.pk, "managers": []})
    assert list(org.team_b.managers.all()) == []


def test_a_team_manager_is_added_only_from_the_team_leads(org, client_for):
    """The picker's pool is the team managers and assistant team managers; anyone else posted
    is refused with the field's message and nothing is saved."""
    client = client_for(org.pat)
    url = reverse("manage:team", args=[org.team_b.pk])
    managers = set(org.team_b.managers.all())
    response = client.post(
        url, {"name": "Renamed", "service": org.service_b.pk, "add_manager": org.alice.pk}
    )
    assert response.status_code == 400
    assert "Choose a team manager or assistant team manager from the list" in (
        response.content.decode()
    )
    org.team_b.refresh_from_db()
    assert org.team_b.name != "Renamed"
    assert set(org.team_b.managers.all()) == managers


@pytest.mark.parametrize("person", ["tom", "alice", "bella", "dee"])
def test_only_psqa_manage_people(org, client_for, person):
    client = client_for(getattr(org, person))
    for url in (
        reverse("manage:people"),
        reverse("manage:person-add"),
        reverse("manage:person", args=[org.alice.pk]),
        reverse("manage:teams"),
        reverse("manage:team", args=[org.team_a.pk]),
    ):
        assert client.get(url).status_code == 403, url
    client.post(reverse("manage:person", args=[org.alice.pk]), {"first_name": "Hacked"})
    assert User.objects.get(pk=org.alice.pk).first_name == "Alice"


def test_the_people_list_runs_a_fixed_number_of_queries(org, client_for, django_assert_num_queries):
    client = client_for(org.pat)
    with django_assert_num_queries(6) as few:
        client.get(reverse("manage:people"))
    from ..factories import UserFactory

    for n in range(10):
        UserFactory(username=f"extra{n}", roles=[RoleCode.PRACTITIONER], team=org.team_b)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("manage:people"))


def test_a_persons_page_shows_the_changes_to_their_account_and_roles(org, client_for):
    client = client_for(org.pat)
    url = reverse("manage:person", args=[org.alice.pk])
    client.post(
        url,
        {
            "first_name": "Alice", "last_name": "Adams-Lee", "email": org.alice.email,
            "team": org.team_a.pk, "roles": [RoleCode.PRACTITIONER, RoleCode.MODERATOR],
            "is_active": "on",
        },
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "Last name: Adams <span" in page and "Adams-Lee" in page
    assert "The role Moderator created" in page
    assert page.count(org.pat.get_full_name()) >= 2  # who made them


def test_psqa_correct_a_childs_case_record_and_the_change_is_kept(org, audit, client_for):
    from bexley_qa.people.models import Child

    child = audit.child
    client = client_for(org.pat)
    url = reverse("manage:child", args=[child.case_id])
    assert url in client.get(child.get_absolute_url()).content.decode()
    data = {
        "case_id": child.case_id, "first_name": child.first_name, "last_name": "Corrected",
        "date_of_birth_0": child.date_of_birth.day, "date_of_birth_1": child.date_of_birth.month,
        "date_of_birth_2": child.date_of_birth.year, "gender": child.gender,
        "ethnicity": child.ethnicity, "first_language": "Polish", "team": child.team_id,
        "allocated_worker": child.allocated_worker_id, "plan_type": child.plan_type,
        "referral_date_0": child.referral_date.day, "referral_date_1": child.referral_date.month,
        "referral_date_2": child.referral_date.year, "is_open": "on",
    }  # fmt: skip
    response = client.post(url, data, follow=True)
    assert f"Case {child.case_id} saved" in response.content.decode()
    child.refresh_from_db()
    assert (child.last_name, child.first_language) == ("Corrected", "Polish")
    log = client.get(reverse("people:child-record-log", args=[child.case_id])).content.decode()
    assert "Last name:" in log and "Corrected" in log

    refused = client.post(url, {**data, "date_of_birth_2": child.referral_date.year + 2})
    assert "The date of birth must be today or in the past" in refused.content.decode()
    Child.objects.filter(pk=child.pk).update(anonymised_at="2026-01-01T00:00Z")
    refused = client.post(url, data)
    assert "have been anonymised" in refused.content.decode()


@pytest.mark.parametrize(("person", "status"), [("tom", 403), ("priya", 403), ("bella", 403)])
def test_only_psqa_correct_a_childs_case_record(org, audit, client_for, person, status):
    url = reverse("manage:child", args=[audit.child.case_id])
    assert client_for(getattr(org, person)).get(url).status_code == status


def test_a_change_of_team_is_shown_by_the_teams_names(org, client_for):
    client = client_for(org.pat)
    url = reverse("manage:person", args=[org.alice.pk])
    client.post(
        url,
        {"first_name": "Alice", "last_name": "Adams", "email": org.alice.email,
         "team": org.team_b.pk, "roles": [RoleCode.PRACTITIONER], "is_active": "on"},
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "Team: Assessment <span" in page and "</span> Care</li>" in page
