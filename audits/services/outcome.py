"""An Inadequate audit's outcome: sent to the child's line once its immediate actions are
recorded (before completion, which waits for feedback). Its immediate actions are due 24 hours
after it is sent, and escalate if still open then."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa.people.models import User

from .. import access, emails, workflow
from ..models import Audit
from ..selectors import outcome_problems


def audit_send_outcome(*, actor: User, audit: Audit) -> Audit:
    """Send the Inadequate outcome and its actions; immediate actions become due 24 hours on."""
    with transaction.atomic():
        audit = workflow.lock(audit)
        access.can_send_outcome.require(actor, audit)
        if problems := outcome_problems(audit):
            raise ValidationError([p.message for p in problems])
        audit.outcome_sent_at = timezone.now()
        audit.outcome_sent_by = actor
        audit.version += 1
        audit.save()
        due = timezone.localdate(audit.immediate_actions_due_at)
        audit.actions.filter(immediate=True).update(due_date=due)  # the page said so first
        recipients = emails.queue_inadequate_outcome(audit)
        workflow.record(
            audit,
            workflow.EventCode.OUTCOME_SENT,
            actor=actor,
            note=f"Sent to {recipients} people; immediate actions due {due:%-d %B %Y}",
        )
    return audit
