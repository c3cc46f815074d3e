"""Step 1: allocating a child's case to an auditor, booking the meeting, cancelling."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa.importing import Checked, ImportRefused, Problem
from bexley_qa.people import lines
from bexley_qa.people.access import can_allocate
from bexley_qa.people.models import Child, User

from .. import access, emails, workflow
from ..models import Audit, AuditKind, AuditStatus, PracticeObservation, theme_errors
from ..selectors import allocation_problems, recent_audit_of


@dataclass
class RecentAuditWarning(Exception):
    """The child was audited in the last 12 months: allocation needs confirming."""

    previous: Audit

    def __str__(self) -> str:
        return (
            f"This child's case was audited {self.previous.allocated_at:%-d %B %Y} "
            f"(audit by {self.previous.auditor}). Confirm that it should be audited again."
        )


def _meeting_date_problem(meeting_date: date | None) -> dict[str, str]:
    if meeting_date is not None and meeting_date < timezone.localdate():
        return {"meeting_date": "The meeting date must be today or in the future"}
    return {}


def audit_allocate(
    *,
    actor: User,
    child: Child,
    auditor: User,
    kind: str = AuditKind.ROUTINE,
    theme: str = "",
    theme_other: str = "",
    meeting_date: date | None = None,
    confirm_recent: bool = False,
) -> Audit:
    """Allocate the child's case to an auditor from another team, snapshotting who holds it."""
    can_allocate.require(actor)
    with transaction.atomic():
        child = (
            Child.objects.select_for_update(of=("self",)).select_related("team").get(pk=child.pk)
        )
        if problems := allocation_problems(child=child, auditor=auditor, kind=kind):
            raise ValidationError(problems)
        if problems := _meeting_date_problem(meeting_date) | theme_errors(
            theme, theme_other, kind=kind
        ):
            raise ValidationError(problems)
        if not confirm_recent and (previous := recent_audit_of(child)):
            raise RecentAuditWarning(previous)
        return _allocate(
            actor=actor,
            child=child,
            auditor=auditor,
            kind=kind,
            theme=theme,
            theme_other=theme_other,
            meeting_date=meeting_date,
        )


def _allocate(
    *,
    actor: User,
    child: Child,
    auditor: User,
    kind: str,
    theme: str,
    theme_other: str,
    meeting_date: date | None,
    practice_week=None,
) -> Audit:
    """Create the allocation. The caller has checked the actor and, in this transaction, locked
    the child and checked allocation_problems (audit_allocate for one, the import for many)."""
    audit = Audit(
        child=child,
        auditor=auditor,
        practitioner=child.allocated_worker,
        manager=lines.team_managers(child.team).order_by("pk").first(),
        team=child.team,
        staying_together_worker=child.staying_together_worker,
        allocated_by=actor,
        kind=kind,
        practice_week=practice_week,
        # The framework asks for a practice observation in every Practice Week audit.
        practice_observation=PracticeObservation.REQUIRED
        if kind == AuditKind.PRACTICE_WEEK
        else PracticeObservation.NOT_REQUIRED,
        theme=theme,
        theme_other=theme_other.strip(),
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
    workflow.record(
        audit, workflow.EventCode.ALLOCATED, actor=actor, from_status="", note=f"Auditor: {auditor}"
    )
    emails.queue_allocated(audit)
    return audit


def audit_book_meeting(*, actor: User, audit: Audit, meeting_date: date) -> Audit:
    """The auditor books (or moves) the meeting; the practitioner(s) are asked to self-assess."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_book_meeting.require(actor, audit)
        if problems := _meeting_date_problem(meeting_date):
            raise ValidationError(problems)
        booked = workflow.MOVE_MEETING.allowed_from(audit.status)
        if booked and audit.meeting_date == meeting_date:
            return audit  # the same date again: nothing moved, nothing to tell anyone
        audit.meeting_date = meeting_date
        workflow.move(
            audit,
            workflow.MOVE_MEETING if booked else workflow.BOOK_MEETING,
            actor=actor,
            note=f"{meeting_date:%-d %B %Y}",
        )
        emails.queue_meeting_booked(audit)
    return audit


def audit_cancel(*, actor: User, audit: Audit, reason: str) -> Audit:
    """Cancel an audit in progress, with the reason. The record is kept."""
    reason = reason.strip()
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_cancel_audit.require(actor, audit)
        if not reason:
            raise ValidationError({"reason": "Enter why the audit is being cancelled"})
        audit.cancelled_reason = reason
        workflow.move(audit, workflow.CANCEL, actor=actor, note=reason)
    return audit


def allocations_write(*, checked: Checked, actor: User, run) -> dict:
    """The allocation spreadsheet's writer (its Import is `audits.importing.ALLOCATIONS`): each
    checked row allocated, inside the import's transaction, which locked the rows' children and
    checked them again first. A rule the check does not know of refuses the row it meets, and
    every row rolls back (ImportRefused, saying which row)."""
    can_allocate.require(actor)
    for row in checked.rows:
        try:
            row.audit = _allocate(
                actor=actor,
                child=row.child,
                auditor=row.auditor,
                kind=row.kind,
                theme=row.theme,
                theme_other=row.theme_other,
                meeting_date=row.meeting_date,
            )
        except ValidationError as error:
            problem = Problem(row.number, "", " ".join(error.messages))
            row.problems.append(problem)
            checked.problems.append(problem)
    if checked.problems:
        raise ImportRefused(checked)
    run.changes.setdefault("allocated", []).extend(row.child.case_id for row in checked.rows)
    return {"allocated": len(checked.rows)}


def lock_children(rows: list) -> None:
    """The rows' children, locked before they are checked again: what the check finds stays
    true until every row is saved."""
    case_ids = [row.cells.get("Case ID", "") for row in rows]
    list(Child.objects.select_for_update().filter(case_id__in=case_ids).order_by("pk"))
