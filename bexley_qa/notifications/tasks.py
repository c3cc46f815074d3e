from celery import shared_task

from .services import notifications_dispatch


@shared_task(ignore_result=True)
def dispatch_notifications() -> int:
    """Send the outbox's due emails (every minute from Celery beat)."""
    return notifications_dispatch()
