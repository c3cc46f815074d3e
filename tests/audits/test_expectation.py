"""The framework's one audit a month for team managers and senior managers: on their own home
page and their managers', the reminder on the 20th, and a team manager's practitioners' coverage."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from audits import expectation, services
from audits.models import Audit
from bexley_qa.notifications.models import Notification

from ..factories import UserFactory


def test_a_managers_home_shows_their_audits_this_month_and_over_twelve(org, ready, client_for):
    services.audit_complete(actor=org.tariq, audit=ready)
    mine = client_for(org.tariq).get(reverse("home")).context["my_expectation"]
    assert (mine.this_month, mine.year, mine.months_met) == (1, 1, 1)
    # Completed thirteen months ago: not in the twelve.
    Audit.objects.filter(pk=ready.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=400)
    )
    mine = client_for(org.tariq).get(reverse("home")).context["my_expectation"]
    assert (mine.this_month, mine.year, mine.months_met) == (0, 0, 0)
    assert "none allocated to you yet" in client_for(org.sam).get(reverse("home")).text


def test_their_manager_sees_them_furthest_behind_first(org, ready, client_for):
    """Sam manages Service A (Tom's team); Hana heads it and sees Sam too."""
    services.audit_complete(actor=org.tariq, audit=ready)
    rows = client_for(org.sam).get(reverse("home")).context["managers_expectation"]
    assert [r.person for r in rows] == [org.tom]
    rows = client_for(org.hana).get(reverse("home")).context["managers_expectation"]
    assert {r.person for r in rows} == {org.tom, org.sam}
    # PSQA see every manager; Tariq (who completed one) comes after those with none.
    rows = client_for(org.pat).get(reverse("home")).context["managers_expectation"]
    assert rows[-1].person == org.tariq and rows[-1].this_month == 1
    assert "managers_expectation" not in client_for(org.tom).get(reverse("home")).context


def test_a_directorate_of_managers_lists_the_furthest_behind_and_counts_them_all(
    org, ready, client_for, monkeypatch
):
    from audits import panels
    from bexley_qa.people import lines

    services.audit_complete(actor=org.tariq, audit=ready)
    everyone = expectation.audits_against_expectation(lines.managers_under(org.pat))
    monkeypatch.setattr(panels, "MANAGERS_LISTED", 2)
    home = client_for(org.pat).get(reverse("home")).context
    assert [r.person for r in home["managers_expectation"]] == [r.person for r in everyone[:2]]
    assert home["managers_counted"] == len(everyone) > 2
    assert everyone[-1].person == org.tariq  # furthest behind first: Tariq has done one


def test_on_the_20th_managers_with_no_audit_this_month_are_reminded_once(org, audit):
    """`audit` is allocated to Tariq this month: he is not reminded; Tom, Sam, Hana are."""
    today = timezone.localdate()
    twentieth = today.replace(day=20)
    assert expectation.expectation_reminders_queue(today=twentieth.replace(day=19)) == 0
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(twentieth, datetime.time(7)))
    ):
        expectation.expectation_reminders_queue(today=twentieth)
        expectation.expectation_reminders_queue(today=twentieth)
    reminded = set(
        Notification.objects.filter(template="audit-expectation-reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"tom", "sam", "hana"}
    email = Notification.objects.get(recipient=org.tom, template="audit-expectation-reminder")
    assert (
        f"{twentieth:%B %Y}" in email.subject and "Please ask business support" in email.body_text
    )


def test_a_team_manager_sees_who_has_had_no_case_audited_in_six_months(org, audit, client_for):
    """Alice's case is being audited now; a new practitioner in team A has never had one."""
    newcomer = UserFactory(
        username="nia", first_name="Nia", team=org.team_a, roles=["practitioner"]
    )
    home = client_for(org.tom).get(reverse("home"))
    rows = {r.practitioner: r for r in home.context["coverage"]}
    assert rows[org.alice].last_audited == timezone.localdate() and not rows[org.alice].due
    assert rows[newcomer].last_audited is None and rows[newcomer].due
    order = [r.practitioner for r in home.context["coverage"]]
    assert order.index(newcomer) < order.index(org.alice)  # never audited first
    assert "had no case audited in the last six months" in home.text
    Audit.objects.filter(pk=audit.pk).update(
        allocated_at=timezone.now() - datetime.timedelta(days=200)
    )
    rows = {r.practitioner: r for r in client_for(org.tom).get(reverse("home")).context["coverage"]}
    assert rows[org.alice].due
    # Another team's manager does not see team A's practitioners.
    assert org.alice not in {
        r.practitioner for r in client_for(org.tariq).get(reverse("home")).context["coverage"]
    }
