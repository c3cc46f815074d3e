"""The Practice Week report's PDF: made once when it is published, kept unchanged."""

from django.utils import timezone

from . import selectors


def report_pdf(week) -> bytes:
    from bexley_qa.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    return render_pdf(
        "audits/practice_week/report_pdf.html",
        {"week": week, "results": selectors.results(week), "produced_at": timezone.now()},
    )
