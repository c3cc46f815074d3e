import logging
from datetime import date

from celery import shared_task

from .expectation import expectation_reminders_queue
from .pdf import draw_audit_pdf
from .practice_week.services import practice_week_reminders
from .services import audit_reminders_queue

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def queue_audit_reminders() -> int:
    """Queue follow-up reminders and 24-hour escalations that are due (every 15 minutes)."""
    return audit_reminders_queue()


@shared_task(ignore_result=True)
def remind_to_schedule_practice_week(today: str | None = None) -> int:
    """Daily: a month before the next Practice Week is due, remind its leads to schedule it
    (once per week held). `today` (ISO) stands in for the date in tests."""
    return practice_week_reminders(today=date.fromisoformat(today) if today else None)


@shared_task(ignore_result=True)
def remind_managers_to_audit(today: str | None = None) -> int:
    """Daily; on the 20th, managers with no audit this month are reminded (once a month each)."""
    return expectation_reminders_queue(today=date.fromisoformat(today) if today else None)


# The worker's task that draws a done audit's PDF lives with the PDF; imported here, where the
# worker looks for the app's tasks.
__all__ = [
    "draw_audit_pdf",
    "queue_audit_reminders",
    "remind_managers_to_audit",
    "remind_to_schedule_practice_week",
]
