import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Action, Audit, AuditStatus, FollowUp
from bexley_qa import workdays
from bexley_qa.notifications.models import Notification
from bexley_qa.notifications.services import notifications_dispatch
from feedback import services as feedback_services
from feedback.models import FeedbackKind, StatementScore

TODAY = timezone.localdate()
LONDON = datetime.UTC


def action(org, audit, **data):
    defaults = {
        "what": "Share the plan with dad",
        "owner": org.alice,
        "due_date": TODAY,
        "immediate": False,
    }
    return services.action_save(actor=org.tariq, audit=audit, data={**defaults, **data})


@pytest.fixture
def graded(org, fully_scored):
    def grade(value, kind=None):
        if kind:
            Audit.objects.filter(pk=fully_scored.pk).update(kind=kind)
        return services.audit_grade(
            actor=org.tariq,
            audit=fully_scored,
            grade=value,
            outstanding=False,
            impact_summary="Some",
        )

    return grade


@pytest.fixture
def ready(org, graded):
    """A graded-Inadequate audit that meets every completion rule."""
    audit = graded(2)
    for person in (org.alice, org.stella):
        services.self_assessment_waive(
            actor=org.tariq, audit=audit, author=person, reason="On leave"
        )
    feedback_services.feedback_not_obtained_record(
        actor=org.tariq, audit=audit, kind="child", reason="Aged 2"
    )
    feedback_services.feedback_family_add(
        actor=org.tariq, audit=audit, data={"contact_date": TODAY, "role": "Mother", "going_well": "Visits"},
        scores={n: n for n in range(1, 10)},
    )  # fmt: skip
    action(org, audit, what="Safety plan with the network", owner=org.tom, immediate=True)
    action(org, audit, what="Practice observation", owner=org.tom, practice_observation=True)
    return audit


# Actions ----------------------------------------------------------------------------------------


def test_an_action_needs_one_owner_a_user_or_a_named_person(org, audit):
    with pytest.raises(ValidationError, match="Choose who owns the action"):
        action(org, audit, owner=None)
    with pytest.raises(ValidationError, match="Choose who owns the action"):
        action(org, audit, owner_name="School nurse")
    named = action(org, audit, owner=None, owner_name="School nurse")
    assert named.owner_display == "School nurse"


def test_only_the_auditor_records_actions_and_only_before_completion(org, ready):
    with pytest.raises(PermissionDenied):
        services.action_save(
            actor=org.tom, audit=ready, data={"what": "x", "owner": org.tom, "due_date": TODAY}
        )
    services.audit_complete(actor=org.tariq, audit=ready)
    with pytest.raises(PermissionDenied):
        action(org, ready)


def test_the_owner_or_the_auditor_marks_an_action_done(org, audit):
    mine = action(org, audit, owner=org.alice)
    with pytest.raises(PermissionDenied):
        services.action_mark_done(actor=org.tom, action=mine)
    services.action_mark_done(actor=org.alice, action=mine)
    mine.refresh_from_db()
    assert (mine.status, mine.completed_by) == ("done", org.alice)


def test_a_practice_observation_is_proposed_when_inadequate(org, graded, client_for):
    audit = graded(1)
    page = client_for(org.tariq).get(reverse("audits:action-add", args=[audit.pk]))
    assert page.context["form"].initial["practice_observation"] is True
    assert "practice observation" in page.context["form"].initial["what"]


# Completion rules --------------------------------------------------------------------------------


def test_each_unmet_rule_blocks_completion_with_its_message(org, graded):
    audit = graded(2, kind="practice_week")
    messages = [p.message for p in services.completion_problems(audit)]
    assert messages == [
        f"{org.alice}'s self-assessment is not submitted: waive it with a reason if it cannot be",
        f"{org.stella}'s self-assessment is not submitted: waive it with a reason if it cannot be",
        "Record feedback from the family, or why it was not obtained",
        "Record feedback from the child, or why it was not obtained",
        "Record at least one action: actions are recorded even on a Good audit",
        "Record the immediate actions needed to reach Good (the grade is below Good)",
        "Add a practice observation as an action: the audit is Inadequate",
    ]
    with pytest.raises(ValidationError):
        services.audit_complete(actor=org.tariq, audit=audit)
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.GRADED


def test_ungraded_and_unscored_audits_list_those_rules(org, audit):
    messages = [p.message for p in services.completion_problems(audit)]
    assert messages[:2] == [
        "Score all 19 practice areas (0 scored so far)",
        "Grade the audit overall (Section 6)",
    ]


def test_a_good_audit_needs_no_immediate_action_but_still_an_action(org, graded):
    audit = graded(6)
    messages = [p.message for p in services.completion_problems(audit)]
    assert "Record at least one action: actions are recorded even on a Good audit" in messages
    assert not any("immediate" in m for m in messages)


def test_practice_week_needs_a_practice_observation_even_when_good(org, graded):
    audit = graded(6, kind="practice_week")
    assert "Add a practice observation as an action: the audit is part of Practice Week" in [
        p.message for p in services.completion_problems(audit)
    ]


def test_the_check_page_lists_each_problem_with_a_link_to_fix_it(org, graded, client_for):
    audit = graded(4)
    response = client_for(org.tariq).get(reverse("audits:complete", args=[audit.pk]))
    content = response.content.decode()
    assert "The audit cannot be completed yet" in content
    assert f'href="{reverse("audits:actions", args=[audit.pk])}"' in content
    assert f'href="{reverse("feedback:summary", args=[audit.pk])}"' in content
    assert (
        client_for(org.tariq).post(reverse("audits:complete", args=[audit.pk])).status_code == 400
    )


# Completing, the Inadequate outcome, follow-up and escalation ---------------------------------------


def test_completing_sets_the_follow_up_5_working_days_later_and_tells_everyone(
    org, ready, send_outbox
):
    Notification.objects.all().delete()
    friday_evening = datetime.datetime(2026, 12, 18, 17, 30, tzinfo=datetime.UTC)
    with time_machine.travel(friday_evening, tick=False):
        audit = services.audit_complete(actor=org.tariq, audit=ready)
    assert audit.status == AuditStatus.COMPLETED
    # Fri 18 Dec 2026 + 5 working days, skipping Christmas, Boxing Day's substitute Monday 28th.
    assert (
        audit.follow_up.due_date
        == datetime.date(2026, 12, 29)
        == workdays.follow_up_due(friday_evening)
    )
    with time_machine.travel(friday_evening + datetime.timedelta(minutes=1), tick=False):
        sent = send_outbox()
    expected = {org.alice, org.stella, org.tom, org.sam, org.hana, org.dee, org.pat}
    assert sorted(m.to[0] for m in sent) == sorted(u.email for u in expected)
    mail = next(m for m in sent if m.to == [org.alice.email])
    assert mail.subject.startswith(
        "Inadequate audit of case 1000001: immediate actions due by 19 December"
    )
    assert "Safety plan with the network" in mail.body and "Amy" not in mail.subject


def test_an_audit_that_is_not_inadequate_tells_the_practitioner_and_manager(
    org, graded, send_outbox
):
    audit = graded(6)
    for person in (org.alice, org.stella):
        services.self_assessment_waive(actor=org.tariq, audit=audit, author=person, reason="Leave")
    for kind in ("child", "family"):
        feedback_services.feedback_not_obtained_record(
            actor=org.tariq, audit=audit, kind=kind, reason="Declined"
        )
    action(org, audit, what="Share at the staff conference")
    Notification.objects.all().delete()
    services.audit_complete(actor=org.tariq, audit=audit)
    assert sorted(m.to[0] for m in send_outbox()) == sorted(
        [org.alice.email, org.stella.email, org.tom.email]
    )


def reminders_at(moment):
    with time_machine.travel(moment, tick=False):
        return services.audit_reminders_queue()


def test_the_follow_up_reminders_fire_on_time_and_once(org, ready):
    completed = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)  # a Monday
    with time_machine.travel(completed, tick=False):
        audit = services.audit_complete(actor=org.tariq, audit=ready)
    Action.objects.filter(audit=audit).update(status="done")  # no escalation in this test
    Notification.objects.all().delete()
    assert audit.follow_up.due_date == datetime.date(2026, 11, 30)
    assert reminders_at(datetime.datetime(2026, 11, 29, 23, 0, tzinfo=datetime.UTC)) == 0
    assert reminders_at(datetime.datetime(2026, 11, 30, 0, 15, tzinfo=datetime.UTC)) == 1
    assert reminders_at(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)) == 0  # once
    assert list(Notification.objects.values_list("recipient", flat=True)) == [org.tariq.pk]
    assert reminders_at(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)) == 0
    # Two working days after the due date, the auditor and their manager are reminded, once.
    assert reminders_at(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)) == 2
    assert reminders_at(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)) == 0
    overdue = Notification.objects.filter(dedupe_key__contains="overdue")
    assert sorted(overdue.values_list("recipient", flat=True)) == sorted([org.tariq.pk, org.tom.pk])


def test_no_reminder_once_the_follow_up_is_recorded(org, ready):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    Action.objects.filter(audit=audit).update(status="done")
    progress = {a.pk: ("done", "") for a in audit.actions.all()}
    services.follow_up_record(
        actor=org.tariq,
        audit=audit,
        progress=progress,
        action_taken="All done",
        oversight_note="Case note 1/12",
    )
    Notification.objects.all().delete()
    later = timezone.now() + datetime.timedelta(days=30)
    assert reminders_at(later) == 0


def test_open_immediate_actions_escalate_24_hours_after_completion_once(org, ready, send_outbox):
    completed = datetime.datetime(2026, 11, 27, 16, 0, tzinfo=datetime.UTC)  # a Friday
    with time_machine.travel(completed, tick=False):
        services.audit_complete(actor=org.tariq, audit=ready)
    Notification.objects.all().delete()
    assert reminders_at(completed + datetime.timedelta(hours=23, minutes=59)) == 0
    assert reminders_at(completed + datetime.timedelta(hours=24)) == 3  # Saturday: it does not wait
    assert reminders_at(completed + datetime.timedelta(hours=25)) == 0
    escalated = Notification.objects.filter(dedupe_key__contains="escalation")
    assert sorted(escalated.values_list("recipient", flat=True)) == sorted(
        [org.tom.pk, org.sam.pk, org.pat.pk]
    )
    mail = escalated.get(recipient=org.pat)
    assert (
        "Safety plan with the network" in mail.body_text
        and "Practice observation" not in mail.body_text
    )


def test_no_escalation_when_the_immediate_actions_are_done(org, ready):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    for immediate in audit.actions.filter(immediate=True):
        services.action_mark_done(actor=org.tom, action=immediate)
    Notification.objects.all().delete()
    assert reminders_at(timezone.now() + datetime.timedelta(hours=25)) == 0


def test_the_follow_up_records_each_action_and_moves_the_audit_on(org, ready, client_for):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    client = client_for(org.tariq)
    url = reverse("audits:follow-up", args=[audit.pk])
    actions = list(audit.actions.all())
    incomplete = client.post(url, {"action_taken": ""})
    assert b"Select what has been done about this action" in incomplete.content
    assert b"Enter the management oversight note" in incomplete.content
    data = {"action_taken": "Plan shared", "oversight_note": "Oversight note on file 1 Dec"}
    data |= {f"progress_{a.pk}": "done" for a in actions[:1]} | {
        f"progress_{a.pk}": "in_progress" for a in actions[1:]
    }
    response = client.post(url, data)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FOLLOWED_UP
    follow_up = FollowUp.objects.get(audit=audit)
    assert follow_up.done_at and follow_up.oversight_note == "Oversight note on file 1 Dec"
    assert Action.objects.get(pk=actions[0].pk).status == "done"
    assert b"Recorded on" in client.get(url).content


# Feedback -----------------------------------------------------------------------------------------


def test_family_feedback_stores_the_nine_statements_comparably(org, audit):
    row = feedback_services.feedback_family_add(
        actor=org.tariq,
        audit=audit,
        data={"contact_date": TODAY, "role": "Father"},
        scores={n: 10 - n for n in range(1, 10)},
    )
    assert list(
        StatementScore.objects.filter(family_feedback=row).values_list("statement", "score")
    ) == [(n, 10 - n) for n in range(1, 10)]
    with pytest.raises(ValidationError, match="Score all nine statements"):
        feedback_services.feedback_family_add(
            actor=org.tariq,
            audit=audit,
            data={"contact_date": TODAY, "role": "Aunt"},
            scores={1: 5},
        )


def test_feedback_recorded_replaces_a_reason_why_not(org, audit):
    feedback_services.feedback_not_obtained_record(
        actor=org.tariq, audit=audit, kind=FeedbackKind.CHILD, reason="Asleep"
    )
    feedback_services.feedback_child_save(
        actor=org.tariq, audit=audit, data={"contact_date": TODAY, "child_name": "Amy"}
    )
    assert not audit.feedback_not_obtained.exists()
    with pytest.raises(ValidationError, match="already recorded"):
        feedback_services.feedback_not_obtained_record(
            actor=org.tariq, audit=audit, kind="child", reason="x"
        )


def test_feedback_pages_work_for_the_auditor(org, audit, client_for):
    client = client_for(org.tariq)
    data = {"contact_date": TODAY.isoformat(), "role": "Grandmother", "going_well": "Contact"}
    data |= {f"statement_{n}": 7 for n in range(1, 10)}
    assert client.post(reverse("feedback:family", args=[audit.pk]), data).status_code == 302
    missing = client.post(reverse("feedback:family", args=[audit.pk]), {"role": "Uncle"})
    assert b"Select a score from 0 (strongly disagree) to 10 (strongly agree)" in missing.content
    assert b"Enter the date of contact" in missing.content
    net = {"contact_date": TODAY.isoformat(), "name_and_role": "Sam Jones, school nurse"}
    assert client.post(reverse("feedback:network", args=[audit.pk]), net).status_code == 302
    reason = client.post(
        reverse("feedback:not-obtained", args=[audit.pk, "child"]), {"reason": "Too young"}
    )
    assert reason.status_code == 302
    summary = client.get(reverse("feedback:summary", args=[audit.pk])).content.decode()
    assert (
        "Grandmother" in summary
        and "7 out of 10" in summary
        and "Sam Jones, school nurse" in summary
    )
    assert "Not obtained: Too young" in summary


# Access --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["priya", "colleague", "mo", "bella", "charlie"])
def test_feedback_actions_and_follow_up_pages_are_404_out_of_scope(org, ready, client_for, person):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    client = client_for(getattr(org, person))
    an_action = audit.actions.first()
    for url in (
        reverse("feedback:summary", args=[audit.pk]),
        reverse("feedback:family", args=[audit.pk]),
        reverse("feedback:child", args=[audit.pk]),
        reverse("feedback:not-obtained", args=[audit.pk, "child"]),
        reverse("audits:actions", args=[audit.pk]),
        reverse("audits:action-add", args=[audit.pk]),
        reverse("audits:complete", args=[audit.pk]),
        reverse("audits:follow-up", args=[audit.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("audits:action-done", args=[an_action.pk])).status_code == 404


@pytest.mark.parametrize("person", ["alice", "tom", "pat"])
def test_readers_cannot_record_feedback_or_actions(org, audit, client_for, person):
    client = client_for(getattr(org, person))
    assert client.get(reverse("feedback:summary", args=[audit.pk])).status_code == 200
    assert client.get(reverse("feedback:family", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:action-add", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:complete", args=[audit.pk])).status_code == 403


def test_action_done_rejects_get(org, audit, client_for):
    mine = action(org, audit)
    assert (
        client_for(org.alice).get(reverse("audits:action-done", args=[mine.pk])).status_code == 405
    )


def test_dispatch_sends_the_queued_outcome(org, ready, mailoutbox):
    Notification.objects.all().delete()
    services.audit_complete(actor=org.tariq, audit=ready)
    assert notifications_dispatch() == 7


def test_home_pages_show_follow_ups_actions_owned_and_open_escalations(org, ready, client_for):
    completed = timezone.now() - datetime.timedelta(days=20)
    with time_machine.travel(completed, tick=False):
        audit = services.audit_complete(actor=org.tariq, audit=ready)
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


def test_the_pdf_has_feedback_and_actions(org, ready, client_for):
    import io

    from pypdf import PdfReader

    response = client_for(org.tariq).get(reverse("audits:pdf", args=[ready.pk]))
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert text.index("Section 4") < text.index("Section 5: Feedback") < text.index("Section 6")
    assert "Not obtained: Aged 2" in text and "Mother" in text
    assert "Safety plan with the network (immediate)" in text


def test_no_email_subject_names_the_child(org, ready):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    services.audit_reminders_queue(now=timezone.now() + datetime.timedelta(days=30))
    subjects = list(Notification.objects.values_list("subject", flat=True))
    assert len(subjects) > 10
    for subject in subjects:
        assert audit.child.first_name not in subject and audit.child.last_name not in subject
        assert audit.child.case_id in subject


def test_an_action_can_be_changed_or_removed_before_completion(org, audit, client_for):
    mine = action(org, audit)
    client = client_for(org.tariq)
    data = {"what": "Changed", "owner": org.alice.pk, "due_date": TODAY.isoformat()}
    assert (
        client.post(reverse("audits:action-edit", args=[audit.pk, mine.pk]), data).status_code
        == 302
    )
    assert Action.objects.get(pk=mine.pk).what == "Changed"
    both = client.post(
        reverse("audits:action-add", args=[audit.pk]), {**data, "owner_name": "Nurse"}
    )
    assert b"Choose a person in the system, or name someone who is not" in both.content
    client.post(reverse("audits:action-remove", args=[audit.pk, mine.pk]))
    assert not Action.objects.filter(pk=mine.pk).exists()
    assert audit.events.filter(action="Action removed").exists()
