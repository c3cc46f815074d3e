"""The dashboard's emails, queued in the outbox (templates/emails/<name>-*.html)."""

from bexley_qa.notifications.services import absolute_url, notification_queue_each

from .models import MonthlyReport


def queue_report_ready(report: MonthlyReport, people) -> int:
    """Tell the managers in the report's scope it is ready, with a link to the reports."""
    return notification_queue_each(
        people,
        template="monthly-dashboard-report",
        context={
            "report": report,
            "url": absolute_url("dashboard:reports"),
            "pdf_url": absolute_url("dashboard:report-pdf", report.pk),
        },
        key=f"monthly-report:{report.pk}",
    )
