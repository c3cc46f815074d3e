"""Reporting's emails, queued in the outbox (templates/emails/<name>-*.html)."""

from bexley_qa import workdays
from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people.lines import psqa_officers

from .models import QAReport


def queue_report_published(report: QAReport, readers) -> int:
    """Tell the report's readers it is published, with links to it and its PDF."""
    return notification_queue_each(
        readers,
        template="qa-report-published",
        context={
            "report": report,
            "title": report.title,
            "url": absolute_url(report),
            "pdf_url": absolute_url("qa_reports:pdf", report.pk),
        },
        key=f"qa-report:{report.pk}:published",
    )


def queue_reports_drafted(drafted: list[QAReport], *, start) -> int:
    """Tell PSQA a quarter's reports are drafted and waiting to be written."""
    return notification_queue_each(
        psqa_officers(),
        template="qa-reports-drafted",
        context={
            "quarter": workdays.quarter_label(start),
            "count": len(drafted),
            "url": absolute_url("qa_reports:list"),
        },
        key=f"qa-reports:{start:%Y-%m}:drafted",
    )
