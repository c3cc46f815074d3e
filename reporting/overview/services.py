"""The monthly overview: from the month's first working day, last month's overview of the
directorate drawn once as a PDF, kept, and the senior leadership team emailed a link."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people import lines

from ..models import MonthlyOverview
from .content import Reach, directorate, overview_context

TEMPLATE = "reporting/overview/pdf.html"


def overview_pdf(reach: Reach, month: date) -> bytes:
    from bexley_qa.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    return render_pdf(
        TEMPLATE, {**overview_context(reach, month), "pdf": True, "produced_at": timezone.now()}
    )


def monthly_overview_produce(month: date) -> MonthlyOverview | None:
    """The month's overview, once (None when it was made before); its email in the same
    transaction."""
    if MonthlyOverview.objects.filter(month=month).exists():
        return None
    pdf = overview_pdf(directorate(), month)  # drawn before the transaction: it takes a while
    with transaction.atomic():
        overview, created = MonthlyOverview.objects.get_or_create(
            month=month, defaults={"pdf": pdf}
        )
        if not created:
            return None
        notification_queue_each(
            list(lines.staff_in(lines.SENIOR_LEADERSHIP)),
            template="monthly-overview",
            context={
                "overview": overview,
                "pdf_url": absolute_url(overview),
                "url": absolute_url("overview:index"),
            },
            key=f"overview:{month:%Y-%m}",
        )
    return overview


def monthly_overview_job(*, today: date | None = None) -> int:
    """Each day: from the month's first working day, last month's overview (once)."""
    today = today or timezone.localdate()
    if today < workdays.first_working_day(today):
        return 0
    last_month = workdays.add_months(workdays.first_of_month(today), -1)
    return int(monthly_overview_produce(last_month) is not None)
