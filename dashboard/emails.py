"""The dashboard's emails, queued in the outbox (templates/emails/<name>-*.html)."""

from django.conf import settings
from django.urls import reverse

from bexley_qa.notifications.services import notification_queue_each

from .models import ImportRun, MonthlyReport


def queue_import_refused(run: ImportRun, people) -> int:
    """Tell PSQA a nightly export file was refused, with what to do."""
    return notification_queue_each(
        people,
        template="sos-import-refused",
        context={"run": run, "url": settings.SITE_URL + run.get_absolute_url()},
        key=f"sos-import:{run.pk}:refused",
    )


def queue_report_ready(report: MonthlyReport, people) -> int:
    """Tell the managers in the report's scope it is ready, with a link to the reports."""
    return notification_queue_each(
        people,
        template="monthly-dashboard-report",
        context={
            "report": report,
            "url": settings.SITE_URL + reverse("dashboard:reports"),
            "pdf_url": settings.SITE_URL + reverse("dashboard:report-pdf", args=[report.pk]),
        },
        key=f"monthly-report:{report.pk}",
    )
