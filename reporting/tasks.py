from datetime import date

from celery import shared_task

from .counted import precount_figures, recount_figures  # noqa: F401 - the worker finds them here
from .overview.services import monthly_overview_job
from .overview.themes import monthly_themes_job
from .qa_reports.services import quarterly_job


@shared_task(ignore_result=True)
def draft_quarterly_qa_reports(today: str | None = None) -> int:
    """Daily: once a quarter has ended, its QA reports drafted (once). `today` (ISO) stands in
    for the date in tests. Returns how many were drafted."""
    return len(quarterly_job(today=date.fromisoformat(today) if today else None))


@shared_task(ignore_result=True)
def monthly_overview(today: str | None = None) -> int:
    """Daily: from the month's first working day, last month's overview PDF for the senior
    leadership team (once)."""
    return monthly_overview_job(today=date.fromisoformat(today) if today else None)


@shared_task(ignore_result=True)
def monthly_themes(today: str | None = None) -> int:
    """Daily: from the month's first working day, a link to last month's themes reports to
    their readers (once)."""
    return monthly_themes_job(today=date.fromisoformat(today) if today else None)
