from datetime import date

from celery import shared_task

from . import reports


@shared_task(ignore_result=True)
def monthly_dashboard_report(today: str | None = None) -> int:
    """Daily: on the month's first working day, last month's reports (once). `today` (ISO) stands
    in for the date in tests."""
    return reports.monthly_job(today=date.fromisoformat(today) if today else None)
