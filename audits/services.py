"""Every write to an audit. Each service checks the actor and the audit's status, locks the audit,
writes an AuditEvent and queues its emails in the outbox, all in one transaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people import access
from bexley_qa.people.models import Child, User

from . import emails
from .models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    AreaScore,
    Audit,
    AuditEvent,
    AuditKind,
    AuditStatus,
    FollowUp,
    FollowUpProgress,
    SelfAssessment,
)
from .practice_areas import AREA_COUNT, AREAS_BY_NUMBER
from .selectors import escalated

RECENT_AUDIT_DAYS = 365


class StaleVersion(Exception):
    """The row changed since the form was loaded; `current` is what is saved now."""

    def __init__(self, current: Model):
        super().__init__("Someone else saved this since you opened it.")
        self.current = current


@dataclass
class RecentAuditWarning(Exception):
    """The child was audited in the last 12 months: allocation needs confirming."""

    previous: Audit

    def __str__(self) -> str:
        return (
            f"This child's case was audited {self.previous.allocated_at:%-d %B %Y} "
            f"(audit by {self.previous.auditor}). Confirm that it should be audited again."
        )


def record_event(
    audit: Audit, actor: User, action: str, *, from_status: str | None = None, note: str = ""
) -> None:
    """Record a step; from_status defaults to the current one (a step that moves no status)."""
    AuditEvent.objects.create(
        audit=audit,
        actor=actor,
        action=action,
        from_status=audit.status if from_status is None else from_status,
        to_status=audit.status,
        note=note,
    )


def lock_audit(audit: Audit) -> Audit:
    """The audit re-read and locked for the rest of the caller's transaction."""
    return Audit.objects.select_for_update().select_related("child", "auditor").get(pk=audit.pk)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _check_version(row, version: int | None, data: dict | None = None) -> None:
    """Refuse a save based on an out-of-date version, unless it changes nothing that is saved.

    The exception matters in practice: autosave and the page's own submit button can both send the
    same answers with the same version; the second is not a conflict, only a repeat.
    """
    if version is None or row.version == version:
        return
    if data is not None and all(getattr(row, field) == value for field, value in data.items()):
        return
    raise StaleVersion(row)


# Allocation ---------------------------------------------------------------------------------------


def open_audit_of(child: Child) -> Audit | None:
    return child.audits.filter(status__in=OPEN_STATUSES).select_related("auditor").first()


def recent_audit_of(child: Child, *, today: date | None = None) -> Audit | None:
    """The child's latest audit allocated in the last 12 months (cancelled ones do not count)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=RECENT_AUDIT_DAYS)
    return (
        child.audits.exclude(status=AuditStatus.CANCELLED)
        .filter(allocated_at__date__gte=since)
        .select_related("auditor")
        .order_by("-allocated_at")
        .first()
    )


def allocation_problems(
    *, child: Child, auditor: User | None, practitioner: User | None = None
) -> dict[str, str]:
    """Everything that stops this allocation, by field, in plain English (empty when none)."""
    problems = {}
    if not child.is_open:
        problems["child"] = f"Case {child.case_id} is closed: only open cases can be audited"
    elif existing := open_audit_of(child):
        problems["child"] = (
            f"Case {child.case_id} already has an audit in progress (auditor: {existing.auditor})"
        )
    if auditor is not None and (problem := access.auditor_problem(auditor, child)):
        problems["auditor"] = problem
    if practitioner is not None and practitioner.pk != child.allocated_worker_id:
        problems["practitioner"] = (
            f"{practitioner} is not the allocated worker on the case record "
            f"({child.allocated_worker} is)"
        )
    return problems


def audit_allocate(
    *,
    actor: User,
    child: Child,
    auditor: User,
    kind: str = AuditKind.ROUTINE,
    theme: str = "",
    meeting_date: date | None = None,
    confirm_recent: bool = False,
) -> Audit:
    """Allocate the child's case to an auditor from another team, snapshotting who holds it."""
    _require(access.can_allocate(actor), "Only business support and PSQA allocate audits.")
    with transaction.atomic():
        child = Child.objects.select_for_update().select_related("team").get(pk=child.pk)
        if problems := allocation_problems(child=child, auditor=auditor):
            raise ValidationError(problems)
        if meeting_date is not None and meeting_date < timezone.localdate():
            raise ValidationError(
                {"meeting_date": "The meeting date must be today or in the future"}
            )
        if not confirm_recent and (previous := recent_audit_of(child)):
            raise RecentAuditWarning(previous)
        audit = Audit(
            child=child,
            auditor=auditor,
            practitioner=child.allocated_worker,
            manager=child.team.managers.order_by("pk").first(),
            team=child.team,
            staying_together_worker=child.staying_together_worker,
            allocated_by=actor,
            kind=kind,
            theme=theme.strip(),
            meeting_date=meeting_date,
            status=AuditStatus.MEETING_BOOKED if meeting_date else AuditStatus.ALLOCATED,
            referral_date=child.referral_date,
            date_of_birth=child.date_of_birth,
            gender=child.gender,
            ethnicity=child.ethnicity,
            first_language=child.first_language,
        )
        audit.full_clean()
        audit.save()
        record_event(audit, actor, "Allocated", from_status="", note=f"Auditor: {auditor}")
        emails.queue_allocated(audit)
    return audit


def audit_book_meeting(*, actor: User, audit: Audit, meeting_date: date) -> Audit:
    """The auditor books (or moves) the meeting; the practitioner(s) are asked to self-assess."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_edit_audit(actor, audit), "Only the auditor books the meeting.")
        if audit.status not in (AuditStatus.ALLOCATED, AuditStatus.MEETING_BOOKED):
            raise ValidationError("The meeting can only be booked before the audit is graded")
        if meeting_date < timezone.localdate():
            raise ValidationError(
                {"meeting_date": "The meeting date must be today or in the future"}
            )
        previous, before = audit.status, audit.meeting_date
        audit.meeting_date = meeting_date
        audit.status = AuditStatus.MEETING_BOOKED
        audit.version += 1
        audit.save()
        record_event(
            audit,
            actor,
            "Meeting moved" if before else "Meeting booked",
            from_status=previous,
            note=f"{meeting_date:%-d %B %Y}",
        )
        emails.queue_meeting_booked(audit)
    return audit


def audit_cancel(*, actor: User, audit: Audit, reason: str) -> Audit:
    """Cancel an audit in progress, with the reason. The record is kept."""
    reason = reason.strip()
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_cancel_audit(actor, audit), "You cannot cancel this audit.")
        if not reason:
            raise ValidationError({"reason": "Enter why the audit is being cancelled"})
        previous = audit.status
        audit.status = AuditStatus.CANCELLED
        audit.cancelled_reason = reason
        audit.version += 1
        audit.save()
        record_event(audit, actor, "Cancelled", from_status=previous, note=reason)
    return audit


# Self-assessment (Section 2) ----------------------------------------------------------------------

SELF_ASSESSMENT_FIELDS = (
    "difference_score",
    "difference_worked_well",
    "difference_to_move_up",
    "signs_of_safety_score",
    "signs_of_safety_worked_well",
    "signs_of_safety_to_move_up",
)


def self_assessment_save(
    *, actor: User, audit: Audit, data: dict, version: int | None
) -> SelfAssessment:
    """Save the actor's self-assessment as a draft (as they type); refused once submitted."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_self_assess(actor, audit), "You cannot complete this self-assessment.")
        assessment, _ = SelfAssessment.objects.select_for_update().get_or_create(
            audit=audit, author=actor, defaults={"version": 0}
        )
        if assessment.is_submitted:
            raise ValidationError("You have already submitted your self-assessment")
        if assessment.is_waived:
            raise ValidationError("The auditor has waived your self-assessment")
        _check_version(assessment, version, data)
        for field in SELF_ASSESSMENT_FIELDS:
            if field in data:
                setattr(assessment, field, data[field])
        assessment.version += 1
        assessment.full_clean()
        assessment.save()
    return assessment


def self_assessment_submit(*, actor: User, audit: Audit) -> SelfAssessment:
    """Submit the self-assessment: complete, and read-only from now on."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_self_assess(actor, audit), "You cannot submit this self-assessment.")
        assessment = (
            SelfAssessment.objects.select_for_update().filter(audit=audit, author=actor).first()
        )
        if assessment is None or assessment.is_submitted or assessment.is_waived:
            raise ValidationError("There is no draft self-assessment to submit")
        missing = {
            "difference_score": "Select a score from 0 to 10 for the difference you have made",
            "difference_worked_well": "Enter what worked well to make you scale in this way",
            "difference_to_move_up": "Enter what would need to happen to move up on the scale",
            "signs_of_safety_score": "Select a score from 0 to 10 for how much you use Signs of Safety",
            "signs_of_safety_worked_well": "Enter what worked well to make you scale in this way",
            "signs_of_safety_to_move_up": "Enter what would need to happen to move up on the scale",
        }
        errors = {f: m for f, m in missing.items() if getattr(assessment, f) in (None, "")}
        if errors:
            raise ValidationError(errors)
        assessment.submitted_at = timezone.now()
        assessment.version += 1
        assessment.save()
        record_event(audit, actor, "Self-assessment submitted", note=str(actor))
    return assessment


def self_assessment_waive(
    *, actor: User, audit: Audit, author: User, reason: str
) -> SelfAssessment:
    """The auditor waives a missing self-assessment, with the reason."""
    reason = reason.strip()
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(
            access.can_edit_audit(actor, audit), "Only the auditor can waive a self-assessment."
        )
        if author not in audit.self_assessors:
            raise ValidationError(
                "Only the practitioner's or Staying Together worker's can be waived"
            )
        if not reason:
            raise ValidationError({"reason": "Enter why the self-assessment is not needed"})
        assessment, _ = SelfAssessment.objects.select_for_update().get_or_create(
            audit=audit, author=author
        )
        if assessment.is_submitted:
            raise ValidationError(f"{author} has already submitted their self-assessment")
        assessment.waived_reason = reason
        assessment.waived_by = actor
        assessment.version += 1
        assessment.save()
        record_event(audit, actor, "Self-assessment waived", note=f"{author}: {reason}")
    return assessment


# The audit form (Sections 1, 3 and 4) --------------------------------------------------------------

SECTION_1_FIELDS = (
    "referral_date",
    "commenced_on",
    "completed_on",
    "practice_observation",
    "date_of_birth",
    "gender",
    "ethnicity",
    "first_language",
)
AREA_FIELDS = ("signs_of_impact", "worked_well", "to_move_up", "score", "rationale")


def audit_section_1_save(*, actor: User, audit: Audit, data: dict, version: int | None) -> Audit:
    """Save Section 1 (case demographics, dates, practice observation)."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_edit_audit(actor, audit), "Only the auditor edits the audit.")
        _check_version(audit, version, {f: v for f, v in data.items() if f in SECTION_1_FIELDS})
        for field in SECTION_1_FIELDS:
            if field in data:
                setattr(audit, field, data[field])
        if audit.commenced_on and audit.completed_on and audit.completed_on < audit.commenced_on:
            raise ValidationError(
                {"completed_on": "The completed date must be on or after the commenced date"}
            )
        audit.section_1_confirmed_at = timezone.now()
        audit.version += 1
        audit.full_clean()
        audit.save()
    return audit


def area_score_save(
    *, actor: User, audit: Audit, area: int, data: dict, version: int | None
) -> AreaScore:
    """Save one practice area. A stale version raises StaleVersion and changes nothing."""
    if area not in AREAS_BY_NUMBER:
        raise ValidationError(f"There is no practice area {area}")
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_edit_audit(actor, audit), "Only the auditor edits the audit.")
        row = AreaScore.objects.select_for_update().filter(audit=audit, area=area).first()
        if row is None:
            if version not in (None, 0):
                raise StaleVersion(AreaScore(audit=audit, area=area, version=0))
            row = AreaScore(audit=audit, area=area, updated_by=actor, version=0)
        else:
            _check_version(row, version, {f: v for f, v in data.items() if f in AREA_FIELDS})
        for field in AREA_FIELDS:
            if field in data:
                setattr(row, field, data[field])
        row.updated_by = actor
        row.version += 1
        row.full_clean()
        row.save()
    return row


def audit_grade(
    *,
    actor: User,
    audit: Audit,
    grade: int,
    outstanding: bool,
    impact_summary: str,
    version: int | None = None,
) -> Audit:
    """Grade the audit overall 0–6 once all 19 areas are scored; Outstanding only on a 6."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_edit_audit(actor, audit), "Only the auditor grades the audit.")
        _check_version(audit, version)
        scored = audit.area_scores.filter(score__isnull=False).count()
        if scored < AREA_COUNT:
            raise ValidationError(
                f"Score all {AREA_COUNT} practice areas first: {scored} are scored"
            )
        errors = {}
        if grade is None or not 0 <= grade <= 6:
            errors["grade"] = "Select an overall grade from 0 to 6"
        elif outstanding and grade != 6:
            errors["outstanding"] = "Outstanding can only be recorded on a grade of 6"
        if not impact_summary.strip():
            errors["impact_summary"] = "Enter what difference we are making to this child"
        if errors:
            raise ValidationError(errors)
        previous = audit.status
        audit.grade, audit.outstanding = grade, outstanding
        audit.final_grade = grade
        audit.impact_summary = impact_summary.strip()
        audit.graded_at = timezone.now()
        audit.status = AuditStatus.GRADED
        audit.version += 1
        audit.full_clean()
        audit.save()
        record_event(
            audit, actor, "Graded", from_status=previous, note=f"{grade}: {audit.band.label}"
        )
    return audit


# Section 6: actions -------------------------------------------------------------------------------

# Actions, feedback and the grade may change until the audit is completed.
BEFORE_COMPLETION = (AuditStatus.ALLOCATED, AuditStatus.MEETING_BOOKED, AuditStatus.GRADED)


def require_before_completion(actor: User, audit: Audit) -> None:
    """Only the auditor changes Section 5 and 6, and only until the audit is completed."""
    _require(access.can_edit_audit(actor, audit), "Only the auditor changes the audit.")
    if audit.status not in BEFORE_COMPLETION:
        raise ValidationError("The audit is completed: it can no longer be changed")


def action_save(*, actor: User, audit: Audit, action: Action | None = None, data: dict) -> Action:
    """Add an action (or change one) on an audit that is not yet completed."""
    with transaction.atomic():
        audit = lock_audit(audit)
        require_before_completion(actor, audit)
        if action is None:
            action = Action(audit=audit, created_by=actor)
        elif action.audit_id != audit.pk:
            raise ValidationError("That action belongs to another audit")
        for field in (
            "what",
            "practice_area",
            "owner",
            "owner_name",
            "due_date",
            "immediate",
            "practice_observation",
        ):
            if field in data:
                setattr(action, field, data[field])
        if bool(action.owner_id) == bool(action.owner_name.strip()):
            raise ValidationError(
                {"owner": "Choose who owns the action: a person in the system or a named person"}
            )
        action.full_clean()
        action.save()
        record_event(audit, actor, "Action recorded", note=action.what[:200])
    return action


def action_remove(*, actor: User, action: Action) -> None:
    """Remove an action recorded by mistake, before the audit is completed."""
    with transaction.atomic():
        audit = lock_audit(action.audit)
        require_before_completion(actor, audit)
        record_event(audit, actor, "Action removed", note=action.what[:200])
        action.delete()


def action_mark_done(*, actor: User, action: Action) -> Action:
    """The action's owner (or the auditor) marks it done."""
    with transaction.atomic():
        action = Action.objects.select_for_update().select_related("audit").get(pk=action.pk)
        _require(
            actor.pk in (action.owner_id, action.audit.auditor_id)
            and action.audit.status != AuditStatus.CANCELLED,
            "Only the action's owner or the auditor can mark it done.",
        )
        if action.status == ActionStatus.DONE:
            return action
        action.status = ActionStatus.DONE
        action.completed_at = timezone.now()
        action.completed_by = actor
        action.save()
        record_event(action.audit, actor, "Action done", note=action.what[:200])
    return action


# Completion (check your answers) ----------------------------------------------------------------


@dataclass(frozen=True)
class Unmet:
    message: str
    fix: str  # the URL name of the page that fixes it (it takes the audit's pk)


def completion_problems(audit: Audit) -> list[Unmet]:
    """Every completion rule the audit does not meet yet, in the form's order."""
    problems = []
    scored = audit.area_scores.filter(score__isnull=False).count()
    if scored < AREA_COUNT:
        problems.append(
            Unmet(
                f"Score all {AREA_COUNT} practice areas ({scored} scored so far)", "audits:detail"
            )
        )
    if audit.grade is None:
        problems.append(Unmet("Grade the audit overall (Section 6)", "audits:grade"))
    assessments = {s.author_id: s for s in audit.self_assessments.all()}
    for person in audit.self_assessors:
        done = assessments.get(person.pk)
        if not (done and (done.is_submitted or done.is_waived)):
            problems.append(
                Unmet(
                    f"{person}'s self-assessment is not submitted: waive it with a reason if it cannot be",
                    "audits:detail",
                )
            )
    not_obtained = set(audit.feedback_not_obtained.values_list("kind", flat=True))
    if not audit.family_feedback.exists() and "family" not in not_obtained:
        problems.append(
            Unmet("Record feedback from the family, or why it was not obtained", "feedback:summary")
        )
    if not hasattr(audit, "child_feedback") and "child" not in not_obtained:
        problems.append(
            Unmet("Record feedback from the child, or why it was not obtained", "feedback:summary")
        )
    actions = list(audit.actions.all())
    if not actions:
        problems.append(
            Unmet(
                "Record at least one action: actions are recorded even on a Good audit",
                "audits:actions",
            )
        )
    if audit.grade is not None and audit.grade < 6 and not any(a.immediate for a in actions):
        problems.append(
            Unmet(
                "Record the immediate actions needed to reach Good (the grade is below Good)",
                "audits:actions",
            )
        )
    inadequate = audit.grade is not None and audit.grade <= 2
    if (inadequate or audit.kind == AuditKind.PRACTICE_WEEK) and not any(
        a.practice_observation for a in actions
    ):
        why = "the audit is Inadequate" if inadequate else "the audit is part of Practice Week"
        problems.append(Unmet(f"Add a practice observation as an action: {why}", "audits:actions"))
    return problems


def audit_complete(*, actor: User, audit: Audit) -> Audit:
    """Complete the audit: every rule met; the follow-up is due 5 working days later."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(access.can_edit_audit(actor, audit), "Only the auditor completes the audit.")
        if audit.status != AuditStatus.GRADED:
            raise ValidationError("Only a graded audit can be completed")
        if problems := completion_problems(audit):
            raise ValidationError([p.message for p in problems])
        now = timezone.now()
        previous = audit.status
        audit.status = AuditStatus.COMPLETED
        audit.completed_at = now
        audit.completed_on = audit.completed_on or timezone.localdate(now)
        audit.version += 1
        audit.save()
        # Immediate actions are due within 24 hours of completion, whatever date was typed.
        immediate_due = timezone.localdate(workdays.immediate_actions_due(now))
        audit.actions.filter(immediate=True, due_date__gt=immediate_due).update(
            due_date=immediate_due
        )
        FollowUp.objects.create(audit=audit, due_date=workdays.follow_up_due(now))
        record_event(
            audit,
            actor,
            "Completed",
            from_status=previous,
            note=f"{audit.grade}: {audit.band.label}",
        )
        if audit.grade <= 2:
            emails.queue_inadequate_outcome(audit)
        else:
            emails.queue_outcome(audit)
    return audit


# Step 7: follow-up ---------------------------------------------------------------------------------


def follow_up_record(
    *,
    actor: User,
    audit: Audit,
    progress: dict[int, tuple[str, str]],
    action_taken: str,
    oversight_note: str,
) -> FollowUp:
    """Record the follow-up, action by action; the audit moves on to Followed up."""
    with transaction.atomic():
        audit = lock_audit(audit)
        _require(
            actor.pk == audit.auditor_id and actor.is_active,
            "Only the auditor records the follow-up.",
        )
        if audit.status != AuditStatus.COMPLETED:
            raise ValidationError("The follow-up is recorded once the audit is completed")
        errors = {}
        if not action_taken.strip():
            errors["action_taken"] = "Enter what action has been taken"
        if not oversight_note.strip():
            errors["oversight_note"] = "Enter the management oversight note"
        actions = {a.pk: a for a in audit.actions.select_for_update()}
        missing = [a for pk, a in actions.items() if pk not in progress]
        if missing:
            errors["__all__"] = [f"Say what has been done about: {a.what[:80]}" for a in missing]
        if errors:
            raise ValidationError(errors)
        for pk, (status, note) in progress.items():
            action = actions[pk]
            action.follow_up_progress, action.follow_up_note = status, note.strip()
            if status == FollowUpProgress.DONE and action.status != ActionStatus.DONE:
                action.status, action.completed_at, action.completed_by = (
                    ActionStatus.DONE,
                    timezone.now(),
                    actor,
                )
            action.full_clean()
            action.save()
        follow_up = audit.follow_up
        follow_up.action_taken, follow_up.oversight_note = (
            action_taken.strip(),
            oversight_note.strip(),
        )
        follow_up.done_at, follow_up.recorded_by = timezone.now(), actor
        follow_up.save()
        previous = audit.status
        audit.status = AuditStatus.FOLLOWED_UP
        audit.version += 1
        audit.save()
        record_event(audit, actor, "Followed up", from_status=previous)
    return follow_up


def audit_reminders_queue(*, now=None) -> int:
    """Queue what is due: follow-up reminders and the 24-hour escalation. Each goes once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    due = FollowUp.objects.filter(
        done_at__isnull=True, audit__status=AuditStatus.COMPLETED, due_date__lte=today
    )
    for follow_up in due.select_related("audit__child", "audit__auditor", "audit__manager"):
        queued += emails.queue_follow_up_due(follow_up)
        if workdays.add_working_days(follow_up.due_date, 2) <= today:
            queued += emails.queue_follow_up_overdue(follow_up)
    for audit in escalated(Audit.objects.all(), now=now).select_related(
        "child", "team__service", "auditor"
    ):
        queued += emails.queue_escalation(audit)
    return queued
