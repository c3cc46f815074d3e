"""The audits app's panels on each role's home page."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Audit, FollowUp

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_home_pages_show_what_is_due(org, audit, client_for):
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TOMORROW)
    assert [
        a.pk for a in client_for(org.tariq).get(reverse("home")).context["audits_to_prepare"]
    ] == [audit.pk]
    alice_home = client_for(org.alice).get(reverse("home"))
    assert [a.pk for a in alice_home.context["self_assessments_due"]] == [audit.pk]
    assert reverse("audits:self-assessment", args=[audit.pk]).encode() in alice_home.content


def test_home_pages_show_follow_ups_actions_owned_and_open_escalations(org, ready, client_for):
    completed = timezone.now() - datetime.timedelta(days=20)
    with time_machine.travel(completed, tick=False):
        audit = services.audit_complete(actor=org.tariq, audit=ready)
    Audit.objects.filter(pk=audit.pk).update(outcome_sent_at=completed)
    tariq_home = client_for(org.tariq).get(reverse("home"))
    assert [f.audit_id for f in tariq_home.context["follow_ups"]] == [audit.pk]
    assert b"Overdue since" in tariq_home.content
    tom_home = client_for(org.tom).get(reverse("home"))
    assert {a.what for a in tom_home.context["actions_owned"]} == {
        "Safety plan with the network",
        "Practice observation",
    }
    assert [a.pk for a in tom_home.context["escalations"]] == [audit.pk]
    assert [a.pk for a in client_for(org.pat).get(reverse("home")).context["escalations"]] == [
        audit.pk
    ]
    assert client_for(org.tariq).get(reverse("home")).context["escalations"] == []  # not his team
    assert client_for(org.alice).get(reverse("home")).context["escalations"] == []
    immediate = audit.actions.get(immediate=True)
    response = client_for(org.tom).post(
        reverse("audits:action-done", args=[immediate.pk]), {"next": "/"}
    )
    assert response.url == "/"
    assert client_for(org.tom).get(reverse("home")).context["escalations"] == []


def test_senior_managers_and_psqa_see_their_services_audits_at_a_glance(org, ready, client_for):
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)  # service B
    for person in (org.hana, org.sam, org.pat):
        home = client_for(person).get(reverse("home"))
        overview = home.context["overview"]
        assert [a.pk for a in overview.inadequate] == [ready.pk]
        content = home.content.decode()
        assert "2 immediate actions open" not in content  # only the one immediate action
        assert "1 immediate action open, due in 23" in content
    in_progress = {s: n for s, _, n in client_for(org.sam).get("/").context["overview"].in_progress}
    assert in_progress == {"allocated": 0, "meeting_booked": 0, "graded": 1}  # not service B's
    everyone = {s: n for s, _, n in client_for(org.pat).get("/").context["overview"].in_progress}
    assert everyone["allocated"] == 1 and everyone["graded"] == 1


def test_the_overview_counts_completed_audits_by_band_and_what_is_awaited(org, ready, client_for):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    overview = client_for(org.hana).get(reverse("home")).context["overview"]
    assert {b: n for b, _, n in overview.completed_this_month}["inadequate"] == 1
    assert [a.pk for a in overview.oversight_awaited] == [audit.pk]
    FollowUp.objects.filter(audit=audit).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    overview = client_for(org.hana).get(reverse("home")).context["overview"]
    assert [f.audit_id for f in overview.overdue_follow_ups] == [audit.pk]


def test_the_overview_runs_a_fixed_number_of_queries(
    org, ready, client_for, django_assert_num_queries
):
    client = client_for(org.pat)
    client.get(reverse("home"))
    with django_assert_num_queries(30) as few:  # 27, the planner's setting and its savepoint
        client.get(reverse("home"))
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    services.audit_complete(actor=org.tariq, audit=ready)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_a_childs_page_lists_the_audits_of_the_case(org, ready, client_for):
    page = client_for(org.tom).get(org.amy.get_absolute_url()).content.decode()
    assert ready.get_absolute_url() in page and "2: Inadequate" in page
    empty = client_for(org.tom).get(org.ben.get_absolute_url()).content.decode()
    assert "This child's case has not been audited yet." in empty


def test_the_overview_lists_the_ten_most_urgent_and_says_how_many_in_all(org, client_for):
    from tests.factories import ChildFactory
    from tests.reporting.test_analytics import made

    for _ in range(12):  # completed, no oversight note recorded yet
        made(org, ChildFactory(team=org.team_a, allocated_worker=org.alice))
    page = client_for(org.pat).get("/").content.decode()
    awaited = page.split("Management oversight notes awaited")[1]
    assert "The 10 awaited longest, of 12." in awaited
    assert awaited.count("/oversight-note/") == 10
