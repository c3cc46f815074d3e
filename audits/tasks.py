import logging
from datetime import date

from celery import shared_task
from django.db import transaction

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
def render_audit_pdf(pk: int) -> bool:
    """Draw a done audit's PDF into the store (audits/pdf.py), so its downloads are served at
    once. False when the audit is gone."""
    from .pdf import render_audit_pdf as render
    from .selectors import audit_record

    audit = audit_record(pk)
    if audit is None:
        return False
    render(audit)
    return True


def prerender_pdf(audit) -> None:
    """Once the caller's transaction commits, have the worker draw the audit's PDF into the
    store. A broker that cannot be reached is logged, not raised: the change is saved, and the
    PDF is then drawn at its first download instead."""

    def queue() -> None:
        try:
            render_audit_pdf.delay(audit.pk)
        except Exception:  # noqa: BLE001 - any broker failure: the download draws it instead
            log.warning("Could not queue the PDF of audit %s to be drawn", audit.pk, exc_info=True)

    transaction.on_commit(queue)
