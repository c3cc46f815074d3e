"""The email outbox: every email the product sends is a row here first.

A row is written in the same transaction as the change that causes it, so a change that rolls back
sends nothing, and a committed change always has its email waiting. The dispatcher (a Celery beat
task) claims due rows one at a time and sends them; see services.notifications_dispatch.
"""

from django.db import models
from django.utils import timezone

from bexley_qa.history import tracked
from bexley_qa.people.models import User

from .workflow import RESEND, WORKFLOW, NotificationStatus


# Each email's sending as it went (queued, sent, failed, resent, cancelled, and who did it), not
# its words: those name the child, and anonymising empties them in one place.
@tracked(exclude=["to_address", "context", "subject", "body_text", "body_html"])
class Notification(models.Model):
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="notifications")
    to_address = models.EmailField(help_text="The recipient's address when the email was queued.")
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict, blank=True, help_text="What the email was about.")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    dedupe_key = models.CharField(max_length=200, unique=True)
    due_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="notification_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"

    @property
    def status_tag(self):
        """How the email's status is shown (notifications/workflow.py)."""
        return WORKFLOW.tag(self)

    @property
    def can_resend(self) -> bool:
        return RESEND.allowed_from(self.status)

    @property
    def is_sent(self) -> bool:
        return self.status == NotificationStatus.SENT

    @property
    def has_failed(self) -> bool:
        return self.status == NotificationStatus.FAILED

    @property
    def waiting_to_retry(self) -> bool:
        return self.status == NotificationStatus.PENDING and self.attempts > 0
