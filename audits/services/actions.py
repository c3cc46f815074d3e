"""Step 6: the audit's actions (Section 6): what, who and when; marking them done."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people.models import User

from .. import access, workflow
from ..models import Action, Audit

ACTION_FIELDS = (
    "what",
    "practice_area",
    "owner",
    "owner_name",
    "due_date",
    "immediate",
    "practice_observation",
)


def immediate_due_date(audit: Audit):
    """An Inadequate audit's immediate actions are due 24 hours after its outcome is sent (if it
    is sent now, when it is not sent yet); the action form says so and shows this date."""
    due_at = audit.immediate_actions_due_at or workdays.within_24_hours(timezone.now())
    return timezone.localdate(due_at)


def _asked_for(action: Action) -> str:
    return (
        f"This action was asked for by the {action.asked_for_by.lower()}: it stays as they set it "
        "until its owner marks it done"
    )


def action_save(*, actor: User, audit: Audit, action: Action | None = None, data: dict) -> Action:
    """Add an action (or change one) on an audit that is not yet completed. Below Good, the
    auditor sets each action's timescale; on an Inadequate audit an immediate action is due 24
    hours after the outcome (see immediate_due_date)."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_record_feedback_and_actions.require(actor, audit)
        if action is None:
            action, event = (
                Action(audit=audit, created_by=actor),
                workflow.EventCode.ACTION_RECORDED,
            )
        elif action.audit_id != audit.pk:
            raise ValidationError("That action belongs to another audit")
        elif action.asked_for_by:
            raise ValidationError(_asked_for(action))
        else:
            event = workflow.EventCode.ACTION_CHANGED
        for field in ACTION_FIELDS:
            if field in data:
                setattr(action, field, data[field])
        if audit.is_inadequate and action.immediate:
            action.due_date = immediate_due_date(audit)
        if bool(action.owner_id) == bool(action.owner_name.strip()):
            raise ValidationError(
                {"owner": "Choose who owns the action: a person in the system or a named person"}
            )
        action.full_clean()
        action.save()
        workflow.record(audit, event, actor=actor, note=action.what[:200])
    return action


def action_remove(*, actor: User, action: Action) -> None:
    """Remove an action recorded by mistake, before the audit is completed."""
    with transaction.atomic():
        audit = workflow.lock(action.audit)
        access.can_record_feedback_and_actions.require(actor, audit)
        if action.asked_for_by:
            raise ValidationError(_asked_for(action))
        workflow.record(
            audit, workflow.EventCode.ACTION_REMOVED, actor=actor, note=action.what[:200]
        )
        action.delete()


def action_mark_done(*, actor: User, action: Action) -> Action:
    """The action's owner (or the auditor) marks it done."""
    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",)).select_related("audit").get(pk=action.pk)
        )
        access.can_mark_action_done.require(actor, action)
        if action.is_done:
            return action  # done already (in another tab): nothing more to do
        workflow.ACTION_WORKFLOW.move(
            action, workflow.MARK_DONE, completed_at=timezone.now(), completed_by=actor
        )
        workflow.record(
            action.audit, workflow.EventCode.ACTION_DONE, actor=actor, note=action.what[:200]
        )
    return action
