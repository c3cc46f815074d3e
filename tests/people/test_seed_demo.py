from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse

from audits.models import Audit
from bexley_qa.people import access
from bexley_qa.people.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAMES
from bexley_qa.people.models import Child, PlanType, RoleCode, Service, Team, User


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)


def test_it_builds_the_organisation_the_issue_describes(seeded):
    assert Service.objects.count() == 4
    assert Team.objects.count() == 16
    practitioners = User.objects.filter(role_grants__role=RoleCode.PRACTITIONER)
    assert 70 <= practitioners.count() <= 80
    largest_team = Team.objects.annotate(n=Count("children")).order_by("-n").first()
    assert largest_team.n <= 80
    caseloads = Child.objects.values("allocated_worker").annotate(n=Count("pk"))
    average = sum(row["n"] for row in caseloads) / len(caseloads)
    assert 15 <= average <= 18
    for role in RoleCode:
        assert User.objects.filter(role_grants__role=role).exists(), role


def test_every_plan_type_appears_in_a_realistic_mix(seeded):
    mix = Counter(Child.objects.values_list("plan_type", flat=True))
    assert set(mix) == set(PlanType.values)
    assert mix[PlanType.CHILD_IN_NEED] > mix[PlanType.STAYING_TOGETHER]


def test_demo_accounts_sign_in_with_the_documented_password(seeded, client):
    for username in DEMO_USERNAMES:
        user = User.objects.get(username=username)
        assert user.email == f"{username}@example.org"
        response = client.post(
            reverse("sign-in"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        client.logout()


def test_team_manager_manages_the_practitioners_team(seeded):
    practitioner = User.objects.get(username="practitioner")
    manager = User.objects.get(username="team.manager")
    assert practitioner.team.managers.filter(pk=manager.pk).exists()
    caseload = set(access.children_visible_to(practitioner))
    assert caseload and caseload <= set(access.children_visible_to(manager))


def test_each_demo_account_has_its_role(seeded):
    for username in DEMO_USERNAMES:
        user = User.objects.get(username=username)
        expected = {"st.worker": RoleCode.STAYING_TOGETHER_WORKER}.get(
            username, username.replace(".", "_")
        )
        if username == "business.support":
            expected = RoleCode.BUSINESS_SUPPORT
        assert user.has_role(expected), username
    assert User.objects.get(username="st.worker").staying_together_children.exists()
    assert not User.objects.get(username="psqa").is_staff  # the admin is technical support's


def test_it_is_deterministic(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    first = list(
        Child.objects.order_by("case_id").values_list("case_id", "first_name", "team__name")
    )
    call_command("seed_demo", replace=True, verbosity=0)
    second = list(
        Child.objects.order_by("case_id").values_list("case_id", "first_name", "team__name")
    )
    assert first == second


def test_it_refuses_to_run_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", verbosity=0)
    assert not Child.objects.exists()
    call_command("seed_demo", force=True, verbosity=0)
    assert Child.objects.exists()


def test_it_will_not_seed_twice_without_replace(seeded):
    count = Child.objects.count()
    with pytest.raises(CommandError, match="--replace"):
        call_command("seed_demo", verbosity=0)
    call_command("seed_demo", if_empty=True, verbosity=0)
    assert Child.objects.count() == count


def test_scale_multiplies_the_organisation(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=2, verbosity=0)
    assert Service.objects.count() == 8
    assert Team.objects.count() == 32
    assert User.objects.filter(username="practitioner").count() == 1


def test_with_audits_gives_the_demo_accounts_something_to_do(db, settings, client_for):
    settings.DEBUG = True
    call_command("seed_demo", with_audits=True, history_months=3, verbosity=0)
    practitioner = client_for(User.objects.get(username="practitioner"))
    assert len(practitioner.get("/").context["self_assessments_due"]) == 1
    st_worker = client_for(User.objects.get(username="st.worker"))  # the same family's
    assert len(st_worker.get("/").context["self_assessments_due"]) == 1
    home = client_for(User.objects.get(username="team.manager")).get("/").context
    assert len(home["audits_to_prepare"]) == 1 and len(home["team_audits"]) == 1
    # The README's demo table: alice.mills audits the practitioner's case, and the case
    # team.manager audits is in sally.miah's team.
    assert home["team_audits"][0].auditor.username == "alice.mills"
    sally = User.objects.get(username="sally.miah")
    assert sally in home["audits_to_prepare"][0].team.managers.all()
    # Moderation: a sample each month with moderations finalised both ways, this month's with
    # one for `moderator` to do and one whose learning team.manager can read.
    from moderation.models import Moderation, Sample

    assert Sample.objects.count() == 4
    finalised = Moderation.objects.filter(status="finalised")
    assert finalised.filter(agreement="agree").exists()
    assert finalised.filter(agreement="disagree").exists()
    # and the months are uneven, as a council's are (not the same number every month)
    per_month = Counter(
        a.completed_at.strftime("%Y-%m") for a in Audit.objects.exclude(completed_at=None)
    )
    assert len(set(per_month.values())) > 1
    moderator = client_for(User.objects.get(username="moderator")).get("/").context
    assert len(moderator["moderations_due"]) == 1
    assert any(m.has_learning for m in home["my_audits_moderated"])
    call_command(
        "seed_demo", replace=True, with_audits=True, history_months=0, verbosity=0
    )  # replaces audits too
    manager = client_for(User.objects.get(username="team.manager"))  # a new account, new client
    assert len(manager.get("/").context["audits_to_prepare"]) == 1
