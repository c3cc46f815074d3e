"""Step 7: the completion rules, completing, the outcome emails, follow-up, reminders, escalation."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import selectors, services
from audits.models import Action, Audit, AuditStatus, FollowUp
from audits.workflow import EventCode
from bexley_qa import workdays
from bexley_qa.notifications.models import Notification
from bexley_qa.notifications.services import notifications_dispatch
from bexley_qa.people.models import RoleCode
from feedback import services as feedback_services

from ..factories import UserFactory
from ..helpers import action


def test_each_unmet_rule_blocks_completion_with_its_message(org, graded):
    audit = graded(2, kind="practice_week")
    messages = [p.message for p in selectors.completion_problems(audit)]
    assert messages == [
        f"{org.alice}'s self-assessment is not submitted: waive it with a reason if it cannot be",
        f"{org.stella}'s self-assessment is not submitted: waive it with a reason if it cannot be",
        "Record feedback from the family, or why it was not obtained",
        "Record feedback from the child, or why it was not obtained",
        "Record at least one action: actions are recorded even on a Good audit",
        "Record the immediate actions needed to reach Good (the grade is below Good)",
        "Add a practice observation as an action: the audit is Inadequate",
        "Send the Inadequate outcome to the worker, their managers and PSQA",
    ]
    with pytest.raises(ValidationError):
        services.audit_complete(actor=org.tariq, audit=audit)
    assert Audit.objects.get(pk=audit.pk).status == AuditStatus.GRADED


def test_ungraded_and_unscored_audits_list_those_rules(org, audit):
    messages = [p.message for p in selectors.completion_problems(audit)]
    assert messages[:4] == [
        "Book the date of the audit meeting",
        "Check and save Section 1: the case demographics and dates",
        "Score all 19 practice areas (0 scored so far)",
        "Grade the audit overall (Section 6)",
    ]


def test_each_rule_not_met_links_to_where_it_is_fixed(org, audit, client_for):
    services.area_score_save(
        actor=org.tariq, audit=audit, area=1, data={"score": 5}, version=None
    )  # fmt: skip
    links = {p.message: p.url(audit.pk) for p in selectors.completion_problems(audit)}
    assert links["Book the date of the audit meeting"] == (
        reverse("audits:detail", args=[audit.pk]) + "#id_meeting_date_0"
    )
    assert links["Score all 19 practice areas (1 scored so far)"] == reverse(
        "audits:area", args=[audit.pk, 2]
    )
    waive = next(url for message, url in links.items() if "self-assessment" in message)
    assert waive == reverse("audits:waive-self-assessment", args=[audit.pk, org.alice.pk])
    page = client_for(org.tariq).get(reverse("audits:complete", args=[audit.pk])).content.decode()
    assert f'href="{waive}"' in page
    detail = client_for(org.tariq).get(reverse("audits:detail", args=[audit.pk])).content.decode()
    assert 'id="id_meeting_date_0"' in detail


def test_section_1_must_say_a_practice_observation_is_needed_when_one_is(org, graded):
    audit = services.audit_section_1_save(
        actor=org.tariq, audit=graded(2), data={"practice_observation": "not_required"},
        version=None,
    )  # fmt: skip
    assert any(
        "Section 1 says no practice observation is required" in p.message
        for p in selectors.completion_problems(audit)
    )


def test_a_good_audit_needs_no_immediate_action_but_still_an_action(org, graded):
    audit = graded(6)
    messages = [p.message for p in selectors.completion_problems(audit)]
    assert "Record at least one action: actions are recorded even on a Good audit" in messages
    assert not any("immediate" in m for m in messages)


def test_practice_week_needs_a_practice_observation_even_when_good(org, graded):
    audit = graded(6, kind="practice_week")
    assert "Add a practice observation as an action: the audit is part of Practice Week" in [
        p.message for p in selectors.completion_problems(audit)
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


def test_the_inadequate_outcome_is_sent_before_completion_to_this_childs_line(
    org, found_inadequate, send_outbox
):
    # Service A's assistant director is told, and the deputy director (the framework's
    # appendix names them); Service B's head of service (a senior role, but not over this
    # child) is not.
    ada = UserFactory(username="ada", roles=[RoleCode.ASSISTANT_DIRECTOR])
    org.service_a.assistant_director = ada
    org.service_a.save()
    org.service_b.head_of_service = UserFactory(username="hob", roles=[RoleCode.HEAD_OF_SERVICE])
    org.service_b.save()
    Notification.objects.all().delete()
    friday_evening = datetime.datetime(2026, 12, 18, 17, 30, tzinfo=datetime.UTC)
    with time_machine.travel(friday_evening, tick=False):
        audit = services.audit_send_outcome(actor=org.tariq, audit=found_inadequate)
        sent = send_outbox()
    assert audit.status == AuditStatus.GRADED  # completion waits for nothing of this
    assert audit.immediate_actions_due_at == friday_evening + datetime.timedelta(hours=24)
    expected = {org.alice, org.stella, org.tom, org.sam, org.hana, ada, org.dee, org.pat}
    assert sorted(m.to[0] for m in sent) == sorted(u.email for u in expected)
    mail = next(m for m in sent if m.to == [org.alice.email])
    assert mail.subject.startswith(
        "Inadequate audit of case 1000001: immediate actions due by 19 December"
    )
    assert "Safety plan with the network" in mail.body and "Amy" not in mail.subject
    assert set(audit.actions.filter(immediate=True).values_list("due_date", flat=True)) == {
        datetime.date(2026, 12, 19)
    }
    assert audit.events.last().code == EventCode.OUTCOME_SENT


def test_the_outcome_waits_for_the_immediate_actions_and_is_sent_once(org, graded):
    audit = graded(1)
    with pytest.raises(ValidationError, match="Record the immediate actions needed"):
        services.audit_send_outcome(actor=org.tariq, audit=audit)
    action(org, audit, what="Safety plan", immediate=True)
    action(org, audit, what="Practice observation", practice_observation=True)
    with pytest.raises(PermissionDenied):
        services.audit_send_outcome(actor=org.tom, audit=audit)
    services.audit_send_outcome(actor=org.tariq, audit=audit)
    with pytest.raises(PermissionDenied):  # once only; and the grade no longer changes
        services.audit_send_outcome(actor=org.tariq, audit=audit)
    with pytest.raises(PermissionDenied):
        services.audit_grade(
            actor=org.tariq, audit=audit, grade=4, outstanding=False, impact_summary="x"
        )


def test_a_requires_improvement_audit_has_no_outcome_to_send(org, graded):
    audit = graded(4)
    with pytest.raises(PermissionDenied):
        services.audit_send_outcome(actor=org.tariq, audit=audit)


def test_completing_sets_the_follow_up_5_working_days_later_and_tells_the_practitioners(
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
    assert sorted(m.to[0] for m in sent) == sorted(
        u.email for u in (org.alice, org.stella, org.tom)
    )


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
        case_note="Case note 1/12",
    )
    Notification.objects.all().delete()
    later = timezone.now() + datetime.timedelta(days=30)
    assert reminders_at(later) == 0


def test_open_immediate_actions_escalate_24_hours_after_the_outcome_once(
    org, found_inadequate, send_outbox
):
    sent = datetime.datetime(2026, 11, 27, 16, 0, tzinfo=datetime.UTC)  # a Friday
    with time_machine.travel(sent, tick=False):
        services.audit_send_outcome(actor=org.tariq, audit=found_inadequate)
    Notification.objects.all().delete()
    assert reminders_at(sent + datetime.timedelta(hours=23, minutes=59)) == 0
    assert reminders_at(sent + datetime.timedelta(hours=24)) == 3  # Saturday: it does not wait
    assert reminders_at(sent + datetime.timedelta(hours=25)) == 0
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
    assert b"Enter the case note" in incomplete.content
    data = {"action_taken": "Plan shared", "case_note": "Case note on file 1 Dec"}
    data |= {f"progress_{a.pk}": "done" for a in actions[:1]} | {
        f"progress_{a.pk}": "in_progress" for a in actions[1:]
    }
    response = client.post(url, data)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FOLLOWED_UP
    follow_up = FollowUp.objects.get(audit=audit)
    assert follow_up.done_at and follow_up.case_note == "Case note on file 1 Dec"
    assert Action.objects.get(pk=actions[0].pk).status == "done"
    assert b"Recorded on" in client.get(url).content


def test_dispatch_sends_the_queued_outcome(org, ready, mailoutbox):
    Notification.objects.all().delete()
    services.audit_complete(actor=org.tariq, audit=ready)
    assert notifications_dispatch() == 3  # the practitioner, the ST worker, their manager


def test_no_email_subject_names_the_child(org, ready):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    services.audit_reminders_queue(now=timezone.now() + datetime.timedelta(days=30))
    subjects = list(Notification.objects.values_list("subject", flat=True))
    assert len(subjects) > 10
    for subject in subjects:
        assert audit.child.first_name not in subject and audit.child.last_name not in subject
        assert audit.child.case_id in subject


def test_a_requires_improvement_audit_keeps_the_auditors_timescales_and_never_escalates(
    org, graded, send_outbox
):
    audit = graded(4)
    for person in (org.alice, org.stella):
        services.self_assessment_waive(actor=org.tariq, audit=audit, author=person, reason="Leave")
    for kind in ("child", "family"):
        feedback_services.feedback_not_obtained_record(
            actor=org.tariq, audit=audit, kind=kind, reason="Declined"
        )
    in_ten_days = timezone.localdate() + datetime.timedelta(days=10)
    immediate = action(org, audit, what="Update the plan", immediate=True, due_date=in_ten_days)
    audit = services.audit_complete(actor=org.tariq, audit=audit)
    immediate.refresh_from_db()
    assert immediate.due_date == in_ten_days
    Notification.objects.all().delete()
    assert reminders_at(timezone.now() + datetime.timedelta(hours=25)) == 0
    assert not Notification.objects.filter(dedupe_key__contains="escalation").exists()


def test_the_send_outcome_page_lists_who_will_be_told_and_the_actions(
    org, found_inadequate, client_for
):
    client = client_for(org.tariq)
    url = reverse("audits:send-outcome", args=[found_inadequate.pk])
    page = client.get(url).content.decode()
    for person in (org.alice, org.stella, org.tom, org.sam, org.hana, org.dee, org.pat):
        assert str(person) in page
    assert str(org.priya) not in page  # another service's practitioner
    assert "Safety plan with the network" in page and "Send the outcome to 7 people" in page
    assert client.post(url).url == reverse("audits:actions", args=[found_inadequate.pk])
    found_inadequate.refresh_from_db()
    assert found_inadequate.outcome_sent_at is not None
    assert client.get(url).status_code == 403  # sent once


def test_the_send_outcome_page_says_what_is_missing(org, graded, client_for):
    audit = graded(0)
    response = client_for(org.tariq).post(reverse("audits:send-outcome", args=[audit.pk]))
    assert response.status_code == 400
    assert "Record the immediate actions needed to reach Good" in response.content.decode()
    audit.refresh_from_db()
    assert audit.outcome_sent_at is None


@pytest.mark.parametrize(("person", "status"), [("priya", 404), ("mo", 404), ("alice", 403)])
def test_only_the_auditor_reaches_the_send_outcome_page(
    org, found_inadequate, client_for, person, status
):
    client = client_for(getattr(org, person))
    url = reverse("audits:send-outcome", args=[found_inadequate.pk])
    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    found_inadequate.refresh_from_db()
    assert found_inadequate.outcome_sent_at is None


# The team manager's management oversight note ------------------------------------------------------


def test_the_team_manager_records_the_oversight_note_once_the_audit_is_completed(
    org, ready, client_for
):
    url = reverse("audits:oversight-note", args=[ready.pk])
    assert client_for(org.tom).get(url).status_code == 404  # not completed yet
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    tom = client_for(org.tom)
    home = tom.get(reverse("home"))
    assert [a.pk for a in home.context["oversight_notes_awaited"]] == [audit.pk]
    missing = tom.post(url, {"discussion": "Reviewed with Alice", "timeframe": "By Friday"})
    assert b"Enter the case direction and tasks (the audit is Inadequate)" in missing.content
    response = tom.post(
        url,
        {"discussion": "Reviewed with Alice", "case_direction": "Safety plan first",
         "timeframe": "By Friday"},
    )  # fmt: skip
    assert response.url == audit.get_absolute_url()
    note = audit.oversight_note
    assert (note.recorded_by, note.case_direction) == (org.tom, "Safety plan first")
    assert audit.events.last().code == EventCode.OVERSIGHT_RECORDED
    assert tom.get(reverse("home")).context["oversight_notes_awaited"] == []
    # Anyone who may read the audit reads the note; the follow-up stays the auditor's own.
    assert b"Safety plan first" in client_for(org.alice).get(url).content
    assert audit.follow_up.done_at is None


@pytest.mark.parametrize(("person", "status"), [("tariq", 403), ("sam", 403), ("priya", 404)])
def test_only_the_team_manager_records_the_oversight_note(org, ready, client_for, person, status):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    response = client_for(getattr(org, person)).post(
        reverse("audits:oversight-note", args=[audit.pk]),
        {"discussion": "x", "case_direction": "y", "timeframe": "z"},
    )
    assert response.status_code == status
    assert not hasattr(Audit.objects.get(pk=audit.pk), "oversight_note")


def test_the_team_managers_home_keeps_the_open_actions_until_each_is_done(org, ready, client_for):
    services.audit_complete(actor=org.tariq, audit=ready)
    ready.actions.update(owner=org.alice)  # the practitioner's actions, reviewed by Tom
    tom = client_for(org.tom)
    open_actions = tom.get(reverse("home")).context["team_actions"]
    assert [a.what for a in open_actions] == [
        "Safety plan with the network",
        "Practice observation",
    ]
    for one in open_actions:
        tom.post(reverse("audits:action-done", args=[one.pk]), {"next": "/"})
    assert tom.get(reverse("home")).context["team_actions"] == []


def test_the_team_manager_sees_their_own_actions_once(org, ready, client_for):
    services.audit_complete(actor=org.tariq, audit=ready)  # Tom owns both its actions
    home = client_for(org.tom).get(reverse("home")).context
    assert len(home["actions_owned"]) == 2 and home["team_actions"] == []


def test_check_your_answers_shows_the_whole_audit(org, ready, client_for):
    page = client_for(org.tariq).get(reverse("audits:complete", args=[ready.pk])).content.decode()
    for shown in (
        "Section 1: Case demographics",
        "Section 2: Practitioner preparation",
        "Waived: On leave",
        "19. Management oversight",
        "Section 5: Feedback",
        "Not obtained: Aged 2",  # the child's feedback, as the feedback app shows it
        "Mother",
        "Practice observation</strong>",
        "2: Inadequate",
        "Complete the audit",
    ):
        assert shown in page, shown


def test_once_completed_the_check_page_leads_to_the_audit(org, ready, client_for):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    for person in (org.tariq, org.tom):
        response = client_for(person).get(reverse("audits:complete", args=[audit.pk]))
        assert response.url == audit.get_absolute_url()


def test_completing_before_the_booked_meeting_is_warned(org, ready, client_for):
    url = reverse("audits:complete", args=[ready.pk])
    assert "which has not happened yet" not in client_for(org.tariq).get(url).text
    Audit.objects.filter(pk=ready.pk).update(
        meeting_date=timezone.localdate() + datetime.timedelta(days=3)
    )
    page = client_for(org.tariq).get(url).text
    assert "which has not happened yet" in page and "Complete the audit</button>" in page
