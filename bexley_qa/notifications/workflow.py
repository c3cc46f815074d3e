"""An email's workflow in the outbox, written down once: pending (queued, or waiting to be tried
again), then sent, failed (after the last try) or cancelled (no longer needed); PSQA can send a
sent or failed email again. `WORKFLOW.move()` (or `move_all()` for many) is the only code that
changes an email's status."""

from django.db import models

from bexley_qa.workflow import Tag, Transition, Workflow


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


TAGS = {
    NotificationStatus.PENDING: Tag("Pending", "blue"),
    NotificationStatus.SENT: Tag("Sent", "green"),
    NotificationStatus.FAILED: Tag("Failed", "red"),
    NotificationStatus.CANCELLED: Tag("Cancelled", "grey"),
}
WAITING = (NotificationStatus.PENDING,)
SEND = Transition(WAITING, NotificationStatus.SENT, "Send", "Only a pending email is sent")
TRY_AGAIN = Transition(
    WAITING, NotificationStatus.PENDING, "Try again later", "Only a pending email is tried again"
)
GIVE_UP = Transition(WAITING, NotificationStatus.FAILED, "Give up", "Only a pending email can fail")
CANCEL = Transition(
    WAITING, NotificationStatus.CANCELLED, "Cancel", "Only a pending email can be cancelled"
)
RESEND = Transition(
    (NotificationStatus.SENT, NotificationStatus.FAILED), NotificationStatus.PENDING,
    "Resend", "Only a sent or failed email can be sent again: this one is waiting to be sent",
)  # fmt: skip
WORKFLOW = Workflow(TAGS, (SEND, TRY_AGAIN, GIVE_UP, CANCEL, RESEND))
