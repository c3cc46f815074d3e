"""The managers' reviews after an audit: the service manager's review of an Inadequate audit
(once its outcome is sent) and the team manager's close-off (once it is completed)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Action, ActionSource, Audit, ManagerReview, ReviewKind
from audits.workflow import EventCode
from bexley_qa import workdays
from bexley_qa.notifications.models import Notification
from reporting.counted import recount_figures

from ..factories import UserFactory
from ..reporting.test_analytics import row_for, table


def _fresh(audit):
    return Audit.objects.get(pk=audit.pk)


# The service manager's review of an Inadequate audit -------------------------------------------------


def test_the_service_manager_is_asked_to_review_once_the_outcome_is_sent(org, ready, client_for):
    sam = client_for(org.sam)
    home = sam.get(reverse("home"))
    assert [a.pk for a in home.context["inadequate_reviews"]] == [ready.pk]
    due = workdays.service_manager_review_due(ready.outcome_sent_at)
    assert f"review due {due:%-d %b %Y}" in home.text
    # The audit page shows the task and when it is due.
    page = sam.get(reverse("audits:detail", args=[ready.pk])).text
    assert "Service manager's review" in page and f"due {due:%-d %B %Y}" in page
    # The outcome's email says so, with the date.
    email = Notification.objects.get(template="audit-inadequate", recipient=org.sam)
    assert f"The service manager reviews the audit and records, by {due:%A %-d %B %Y}" in (
        email.body_text
    )


def test_not_satisfied_asks_the_team_manager_for_a_further_action(org, ready, client_for):
    url = reverse("audits:service-manager-review", args=[ready.pk])
    sam = client_for(org.sam)
    due = timezone.localdate() + datetime.timedelta(days=14)
    missing = sam.post(url, {"satisfied": "no", "note": "The plan is thin"})
    assert "Enter what further action is needed" in missing.text
    assert "Enter when the action is due" in missing.text  # both at once, not one per try
    assert not ManagerReview.objects.exists()
    response = sam.post(
        url,
        {"satisfied": "no", "note": "The plan is thin", "action_what": "A CP review within 14 days",
         "action_due_0": due.day, "action_due_1": due.month, "action_due_2": due.year},
    )  # fmt: skip
    assert response.url == ready.get_absolute_url()
    review = ManagerReview.objects.get()
    assert (review.kind, review.satisfied, review.recorded_by) == (
        ReviewKind.SERVICE_MANAGER, False, org.sam
    )  # fmt: skip
    action = Action.objects.get(source=ActionSource.SM_REVIEW)
    assert (action.owner, action.due_date, action.what) == (
        org.tom, due, "A CP review within 14 days"
    )  # fmt: skip
    assert _fresh(ready).events.last().code == EventCode.SERVICE_MANAGER_REVIEWED
    email = Notification.objects.get(template="service-manager-review")
    assert email.recipient == org.tom and "Further action needed" in email.subject
    # Still on the service manager's home until they are satisfied; the action on Tom's.
    assert [a.pk for a in sam.get(reverse("home")).context["inadequate_reviews"]] == [ready.pk]
    assert action in client_for(org.tom).get(reverse("home")).context["actions_owned"]
    # The auditor cannot change or remove what the service manager asked for.
    tariq = client_for(org.tariq)
    edit = reverse("audits:action-edit", args=[ready.pk, action.pk])
    assert tariq.get(edit).status_code == 404
    assert (
        tariq.post(reverse("audits:action-remove", args=[ready.pk, action.pk])).status_code == 404
    )
    assert Action.objects.filter(pk=action.pk).exists()
    assert tariq.post(reverse("audits:action-done", args=[action.pk])).status_code == 403
    assert not Action.objects.get(pk=action.pk).is_done  # Tom, its owner, marks it done
    # Satisfied later: the task goes, and no more reviews are taken.
    sam.post(url, {"satisfied": "yes", "note": "The CP review is booked"})
    assert _fresh(ready).service_manager_review.satisfied
    home = sam.get(reverse("home"))
    assert home.context["inadequate_reviews"] == [] and "None waiting" in home.text
    assert sam.post(url, {"satisfied": "no", "note": "x"}).status_code == 403
    # Everyone who reads the audit reads the reviews, in order.
    page = client_for(org.hana).get(url).text
    assert page.index("The plan is thin") < page.index("The CP review is booked")


@pytest.mark.parametrize(
    ("person", "status"),
    [("tom", 403), ("tariq", 403), ("hana", 403), ("pat", 403), ("priya", 404), ("alice", 403)],
)
def test_only_a_service_manager_of_the_teams_service_records_the_review(
    org, ready, client_for, person, status
):
    response = client_for(getattr(org, person)).post(
        reverse("audits:service-manager-review", args=[ready.pk]),
        {"satisfied": "yes", "note": "Fine"},
    )
    assert response.status_code == status
    assert not ManagerReview.objects.exists()


def test_another_services_manager_cannot_reach_the_review(org, ready, client_for):
    other = UserFactory(username="sally", roles=["service_manager"])
    org.service_b.managers.add(other)
    url = reverse("audits:service-manager-review", args=[ready.pk])
    assert client_for(other).get(url).status_code == 404
    assert client_for(other).post(url, {"satisfied": "yes", "note": "x"}).status_code == 404
    assert client_for(other).get(reverse("home")).context["inadequate_reviews"] == []


def test_no_review_before_the_outcome_is_sent(org, found_inadequate, client_for):
    url = reverse("audits:service-manager-review", args=[found_inadequate.pk])
    assert client_for(org.sam).get(url).status_code == 404
    assert client_for(org.sam).get(reverse("home")).context["inadequate_reviews"] == []


def test_an_overdue_review_reaches_psqa_and_the_audit_results(org, ready, client_for):
    due = workdays.service_manager_review_due(ready.outcome_sent_at)
    with time_machine.travel(workdays.start_of(due) + datetime.timedelta(hours=12)):
        overview = client_for(org.pat).get(reverse("home")).context["overview"]
        assert overview.reviews_overdue == []  # due today, not overdue yet
    with time_machine.travel(workdays.start_of(due) + datetime.timedelta(days=1, hours=12)):
        pat = client_for(org.pat)
        overview = pat.get(reverse("home")).context["overview"]
        assert [a.pk for a in overview.reviews_overdue] == [ready.pk]
        rows = table(
            pat.get(reverse("analytics:question", args=["how-well"])), "service-manager-reviews"
        )
        assert row_for(rows, f"{ready.outcome_sent_at:%B %Y}")[4] == "1"  # overdue
        services.manager_review_record(
            actor=org.sam, audit=ready, kind=ReviewKind.SERVICE_MANAGER, satisfied=True,
            note="Late but fine",
        )  # fmt: skip
        assert pat.get(reverse("home")).context["overview"].reviews_overdue == []


def test_the_figure_counts_reviews_in_time_late_and_overdue(org, ready, client_for):
    url = reverse("analytics:question", args=["how-well"])
    month = f"{timezone.localdate():%B %Y}"
    # Inadequate audits, within 5 working days, later, overdue, satisfied, %
    rows = table(client_for(org.pat).get(url), "service-manager-reviews")
    assert row_for(rows, month)[1:] == ["1", "0", "0", "0", "0", "–"]  # sent, not yet due
    services.manager_review_record(
        actor=org.sam, audit=ready, kind=ReviewKind.SERVICE_MANAGER, satisfied=True, note="Fine"
    )
    recount_figures()  # PSQA's figures are kept: the worker counts them again (reporting/counted.py)
    rows = table(client_for(org.pat).get(url), "service-manager-reviews")
    assert row_for(rows, month)[1:] == ["1", "1", "0", "0", "1", "100"]


# The team manager's close-off -----------------------------------------------------------------------


@pytest.fixture
def completed(org, ready):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    services.oversight_note_record(
        actor=org.tom, audit=audit, discussion="Reviewed", case_direction="Plan",
        timeframe="A month",
    )  # fmt: skip
    return audit


def test_the_team_manager_closes_off_after_the_oversight_note(org, ready, completed, client_for):
    tom = client_for(org.tom)
    url = reverse("audits:close-off", args=[completed.pk])
    assert [a.pk for a in tom.get(reverse("home")).context["close_offs_awaited"]] == [completed.pk]
    due = timezone.localdate() + datetime.timedelta(days=7)
    not_yet = tom.post(
        url,
        {"satisfied": "no", "note": "The plan is not yet reviewed", "action_what": "Visit weekly",
         "action_owner": org.alice.pk,
         "action_due_0": due.day, "action_due_1": due.month, "action_due_2": due.year},
    )  # fmt: skip
    assert not_yet.url == completed.get_absolute_url()
    action = Action.objects.get(source=ActionSource.SUPERVISION)
    assert (action.owner, action.due_date) == (org.alice, due)
    assert tom.get(reverse("home")).context["close_offs_awaited"][0].close_off.satisfied is False
    tom.post(url, {"satisfied": "yes", "note": "Visits happen; the plan is reviewed"})
    audit = _fresh(completed)
    assert audit.close_off.satisfied and audit.events.last().code == EventCode.CLOSED_OFF
    assert tom.get(reverse("home")).context["close_offs_awaited"] == []
    assert tom.post(url, {"satisfied": "no", "note": "again"}).status_code == 403
    page = client_for(org.alice).get(reverse("audits:detail", args=[audit.pk])).text
    assert "Close-off (the team manager)" in page and "Satisfied" in page


def test_the_close_off_action_goes_only_to_the_practitioner_or_the_manager(
    org, completed, client_for
):
    due = timezone.localdate() + datetime.timedelta(days=7)
    response = client_for(org.tom).post(
        reverse("audits:close-off", args=[completed.pk]),
        {"satisfied": "no", "note": "Not yet", "action_what": "x", "action_owner": org.pat.pk,
         "action_due_0": due.day, "action_due_1": due.month, "action_due_2": due.year},
    )  # fmt: skip
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert (
        not ManagerReview.objects.exists()
        and not Action.objects.filter(source=ActionSource.SUPERVISION).exists()
    )


@pytest.mark.parametrize(("person", "status"), [("tariq", 403), ("sam", 403), ("priya", 404)])
def test_only_the_audited_teams_manager_closes_off(org, completed, client_for, person, status):
    response = client_for(getattr(org, person)).post(
        reverse("audits:close-off", args=[completed.pk]), {"satisfied": "yes", "note": "x"}
    )
    assert response.status_code == status
    assert not ManagerReview.objects.exists()


def test_no_close_off_before_completion_and_the_oversight_note(org, ready, client_for):
    url = reverse("audits:close-off", args=[ready.pk])
    assert client_for(org.tom).get(url).status_code == 404
    services.audit_complete(actor=org.tariq, audit=ready)
    assert client_for(org.tom).post(url, {"satisfied": "yes", "note": "x"}).status_code == 403
    assert not ManagerReview.objects.exists()


def test_the_pdf_shows_both_reviews(org, completed, monkeypatch):
    from audits import pdf

    services.manager_review_record(
        actor=org.sam, audit=completed, kind=ReviewKind.SERVICE_MANAGER, satisfied=True,
        note="Sufficient actions",
    )  # fmt: skip
    services.manager_review_record(
        actor=org.tom, audit=completed, kind=ReviewKind.CLOSE_OFF, satisfied=True,
        note="Meets standards now",
    )  # fmt: skip
    seen = {}
    monkeypatch.setattr(pdf, "render_pdf", lambda template, context: seen.update(context) or b"%")
    pdf.render_audit_pdf(_fresh(completed))
    from django.template.loader import render_to_string

    text = render_to_string(pdf.TEMPLATE, seen)
    assert "Service manager's review" in text and "Sufficient actions" in text
    assert "Team manager's close-off" in text and "Meets standards now" in text
