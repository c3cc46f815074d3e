from datetime import date

from celery import shared_task

from . import reports, services


@shared_task(ignore_result=True)
def import_case_system_exports() -> int:
    """Nightly: import the new export files in CASE_SYSTEM_EXPORTS_DIR; refresh this month's
    figures. Returns how many files were imported or refused."""
    return len(services.exports_import())


@shared_task(ignore_result=True)
def monthly_dashboard_report(today: str | None = None) -> int:
    """Daily: on the month's first working day, last month's reports (once). `today` (ISO) stands
    in for the date in tests."""
    return reports.monthly_job(today=date.fromisoformat(today) if today else None)


@shared_task(ignore_result=True)
def draft_quarterly_qa_reports(today: str | None = None) -> int:
    """Daily: once a quarter has ended, its QA reports drafted (once). `today` (ISO) stands in
    for the date in tests. Returns how many were drafted."""
    from .qa_reports.services import quarterly_job

    return len(quarterly_job(today=date.fromisoformat(today) if today else None))
