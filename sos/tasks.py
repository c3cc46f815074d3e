from datetime import date

from celery import shared_task

from . import charts, reports


@shared_task(ignore_result=True)
def monthly_dashboard_report(today: str | None = None) -> int:
    """Daily: on the month's first working day, last month's reports (once). `today` (ISO) stands
    in for the date in tests."""
    return reports.monthly_job(today=date.fromisoformat(today) if today else None)


@shared_task(ignore_result=True)
def draw_team_charts() -> int:
    """Each morning, after the night's imports and figures, and after the demo is seeded: every
    team's dashboard charts drawn before anyone opens them (sos/charts.py)."""
    return charts.draw_team_charts()
