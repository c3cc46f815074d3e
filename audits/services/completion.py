"""Step 7: completing the audit (every completion rule met), the follow-up with the manager, and
the reminders and escalations that follow."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people.models import User

from .. import access, emails, workflow
from ..models import Audit, FollowUp, FollowUpProgress, OversightNote, grade_errors
from ..pdf import prerender_pdf
from ..selectors import completion_problems, escalated


def audit_complete(*, actor: User, audit: Audit) -> Audit:
    """Complete the audit: every rule met; the follow-up is due 5 working days later."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_complete.require(actor, audit)
        if problems := completion_problems(audit):
            raise ValidationError([p.message for p in problems])
        now = timezone.now()
        audit.completed_at = now
        audit.completed_on = audit.completed_on or timezone.localdate(now)
        workflow.move(
            audit, workflow.COMPLETE, actor=actor, note=f"{audit.grade}: {audit.band.label}"
        )
        # Actions keep the timescales the auditor set (an Inadequate audit's immediate ones
        # became due 24 hours after its outcome was sent).
        FollowUp.objects.create(audit=audit, due_date=workdays.follow_up_due(now))
        emails.queue_completed(audit)
        prerender_pdf(audit)
    return audit


def follow_up_record(
    *,
    actor: User,
    audit: Audit,
    progress: dict[int, tuple[str, str]],
    action_taken: str,
    case_note: str,
) -> FollowUp:
    """Record the follow-up with the manager: action by action, what action has been taken
    since the audit, and the case note; the audit moves on to Followed up."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_record_follow_up.require(actor, audit)
        errors = {}
        if not action_taken.strip():
            errors["action_taken"] = "Enter what action has been taken"
        if not case_note.strip():
            errors["case_note"] = "Enter the case note"
        actions = {a.pk: a for a in audit.actions.select_for_update()}
        missing = [a for pk, a in actions.items() if pk not in progress]
        if missing:
            errors["__all__"] = [f"Say what has been done about: {a.what[:80]}" for a in missing]
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        for pk, (status, note) in progress.items():
            action = actions[pk]
            action.follow_up_progress, action.follow_up_note = status, note.strip()
            action.full_clean()
            action.save()
            if status == FollowUpProgress.DONE and not action.is_done:
                workflow.ACTION_WORKFLOW.move(
                    action, workflow.MARK_DONE, completed_at=now, completed_by=actor
                )
        follow_up = audit.follow_up
        follow_up.action_taken = action_taken.strip()
        follow_up.case_note = case_note.strip()
        follow_up.done_at, follow_up.recorded_by = now, actor
        follow_up.full_clean()
        follow_up.save()
        workflow.move(audit, workflow.FOLLOW_UP, actor=actor)
        prerender_pdf(audit)
    return follow_up


def oversight_note_record(
    *, actor: User, audit: Audit, discussion: str, case_direction: str, timeframe: str
) -> OversightNote:
    """The team manager records the management oversight note after the supervision review."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_record_oversight_note.require(actor, audit)
        note = OversightNote(
            audit=audit,
            discussion=discussion.strip(),
            case_direction=case_direction.strip(),
            timeframe=timeframe.strip(),
            recorded_by=actor,
        )
        errors = {}
        if not note.discussion:
            errors["discussion"] = "Enter what was discussed in supervision"
        if audit.is_inadequate and not note.case_direction:
            errors["case_direction"] = (
                "Enter the case direction and tasks (the audit is Inadequate)"
            )
        if not note.timeframe:
            errors["timeframe"] = "Enter the timeframe for action"
        if errors:
            raise ValidationError(errors)
        note.full_clean()
        note.save()
        workflow.record(audit, workflow.EventCode.OVERSIGHT_RECORDED, actor=actor)
        prerender_pdf(audit)
    return note


def audit_final_grade_set(
    *, actor: User, audit: Audit, grade: int, outstanding: bool, note: str
) -> Audit:
    """A finalised moderation's agreed grade becomes the audit's final grade (the one every list
    and report counts); the auditor's own grade is kept beside it. Called by the moderation app's
    services, which check the moderator's right first."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        if not audit.is_done:
            raise ValidationError("Only a completed audit is moderated")
        if errors := grade_errors(grade, outstanding):
            raise ValidationError(errors)
        audit.final_grade, audit.final_outstanding = grade, outstanding
        audit.moderated_at = timezone.now()
        audit.version += 1
        audit.full_clean()
        audit.save()
        workflow.record(
            audit,
            workflow.EventCode.MODERATED,
            actor=actor,
            note=f"{note} {grade}: {audit.band.label}",
        )
        prerender_pdf(audit)
    return audit


def audit_reminders_queue(*, now=None) -> int:
    """Queue what is due: follow-up reminders and the 24-hour escalation. Each goes once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    due = FollowUp.objects.filter(
        done_at__isnull=True, audit__status__in=workflow.FOLLOW_UP.sources, due_date__lte=today
    )
    for follow_up in due.select_related("audit__child", "audit__auditor", "audit__manager"):
        queued += emails.queue_follow_up_due(follow_up)
        if workdays.follow_up_overdue_on(follow_up.due_date) <= today:
            queued += emails.queue_follow_up_overdue(follow_up)
    for audit in escalated(Audit.objects.all(), now=now).select_related(
        "child", "team__service", "auditor"
    ):
        queued += emails.queue_escalation(audit)
    return queued
