from celery import shared_task

from .services import audit_reminders_queue


@shared_task(ignore_result=True)
def queue_audit_reminders() -> int:
    """Queue follow-up reminders and 24-hour escalations that are due (every 15 minutes)."""
    return audit_reminders_queue()
