from datetime import date

from celery import shared_task

from .qa_reports.services import quarterly_job


@shared_task(ignore_result=True)
def draft_quarterly_qa_reports(today: str | None = None) -> int:
    """Daily: once a quarter has ended, its QA reports drafted (once). `today` (ISO) stands in
    for the date in tests. Returns how many were drafted."""
    return len(quarterly_job(today=date.fromisoformat(today) if today else None))
