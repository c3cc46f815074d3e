"""Writes of Section 5 feedback. Only the auditor records it, until the audit is completed."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audits import workflow
from audits.access import can_record_feedback_and_actions
from audits.models import Audit
from audits.workflow import EventCode
from bexley_qa.people.models import User

from .models import (
    ChildFeedback,
    FamilyFeedback,
    FeedbackKind,
    FeedbackNotObtained,
    NetworkFeedback,
    StatementScore,
)

CHILD_FIELDS = (
    "contact_date", "child_name", "agreement", "lead_professional", "knows_worker_name", "how_often_seen", "knows_why", "difference_made",
    "likes_about_worker", "could_do_better", "how_helpful", "how_much_safer",
)  # fmt: skip
FAMILY_FIELDS = (
    "contact_date", "role", "going_well", "could_be_different", "made_a_difference", "one_thing_to_change",
    "anything_else",
)  # fmt: skip
NETWORK_FIELDS = (
    "contact_date",
    "name_and_role",
    "going_well",
    "could_be_different",
    "made_a_difference",
)


def _copy(row, data: dict, fields) -> None:
    for field in fields:
        if field in data:
            setattr(row, field, data[field])


def feedback_child_save(*, actor: User, audit: Audit, data: dict) -> ChildFeedback:
    """Record (or correct) the child's feedback; it replaces a recorded reason why not."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        can_record_feedback_and_actions.require(actor, audit)
        row = ChildFeedback.objects.filter(audit=audit).first() or ChildFeedback(audit=audit)
        _copy(row, data, CHILD_FIELDS)
        row.recorded_by = actor
        row.full_clean()
        row.save()
        audit.feedback_not_obtained.filter(kind=FeedbackKind.CHILD).delete()
        workflow.record(audit, EventCode.FEEDBACK_RECORDED, actor=actor, note="From the child")
    return row


def feedback_family_save(
    *,
    actor: User,
    audit: Audit,
    data: dict,
    scores: dict[int, int | None],
    row: FamilyFeedback | None = None,
) -> FamilyFeedback:
    """Record one family member's feedback and their answer to each of the nine statements
    (a score 0-10, or None: not answered), or change what was recorded."""
    if sorted(scores) != list(range(1, 10)):
        raise ValidationError("Answer each of the nine statements, or say it was not answered")
    with transaction.atomic():
        audit = workflow.lock(audit)
        can_record_feedback_and_actions.require(actor, audit)
        row, code = _own_row(row, audit, FamilyFeedback(audit=audit, recorded_by=actor))
        _copy(row, data, FAMILY_FIELDS)
        row.full_clean()
        row.save()
        for statement, score in scores.items():
            StatementScore.objects.update_or_create(
                family_feedback=row, statement=statement, defaults={"score": score}
            )
        audit.feedback_not_obtained.filter(kind=FeedbackKind.FAMILY).delete()
        workflow.record(audit, code, actor=actor, note=f"From the family ({row.role})")
    return row


def feedback_network_save(
    *, actor: User, audit: Audit, data: dict, row: NetworkFeedback | None = None
) -> NetworkFeedback:
    """Record (or change) the feedback of one member of the family or professional network."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        can_record_feedback_and_actions.require(actor, audit)
        row, code = _own_row(row, audit, NetworkFeedback(audit=audit, recorded_by=actor))
        _copy(row, data, NETWORK_FIELDS)
        row.full_clean()
        row.save()
        audit.feedback_not_obtained.filter(kind=FeedbackKind.NETWORK).delete()
        workflow.record(audit, code, actor=actor, note=f"From {row.name_and_role}")
    return row


def feedback_remove(*, actor: User, audit: Audit, row: FamilyFeedback | NetworkFeedback) -> None:
    """Remove a family or network member's feedback recorded by mistake, before completion."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        can_record_feedback_and_actions.require(actor, audit)
        row, _ = _own_row(row, audit, None)
        who = row.role if isinstance(row, FamilyFeedback) else row.name_and_role
        workflow.record(audit, EventCode.FEEDBACK_REMOVED, actor=actor, note=f"From {who}")
        row.delete()


def _own_row(row, audit: Audit, new):
    """The row to change (it must be this audit's), or the new one, with the event to record."""
    if row is None:
        return new, EventCode.FEEDBACK_RECORDED
    row = type(row).objects.select_for_update().get(pk=row.pk)
    if row.audit_id != audit.pk:
        raise ValidationError("That feedback belongs to another audit")
    return row, EventCode.FEEDBACK_CHANGED


def feedback_not_obtained_record(
    *, actor: User, audit: Audit, kind: str, reason: str
) -> FeedbackNotObtained:
    """Record that one kind of feedback could not be obtained, and why."""
    reason = reason.strip()
    with transaction.atomic():
        audit = workflow.lock(audit)
        can_record_feedback_and_actions.require(actor, audit)
        if not reason:
            raise ValidationError({"reason": "Enter why the feedback was not obtained"})
        existing = {
            FeedbackKind.CHILD: ChildFeedback.objects.filter(audit=audit).exists(),
            FeedbackKind.FAMILY: audit.family_feedback.exists(),
            FeedbackKind.NETWORK: audit.network_feedback.exists(),
        }
        if existing[kind]:
            raise ValidationError("Feedback of this kind is already recorded")
        row = FeedbackNotObtained.objects.filter(audit=audit, kind=kind).first()
        row = row or FeedbackNotObtained(audit=audit, kind=kind)
        row.reason, row.recorded_by = reason, actor
        row.full_clean()
        row.save()
        workflow.record(
            audit,
            EventCode.FEEDBACK_NOT_OBTAINED,
            actor=actor,
            note=f"{FeedbackKind(kind).label}: {reason}",
        )
    return row
