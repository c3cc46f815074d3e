"""Published reports' PDFs (bexley_qa/kept_pdfs.py): drawn by the worker, not by the request
that publishes; a download before the worker has drawn it draws it then, once, and keeps it."""

import logging
from datetime import date

from bexley_qa import kept_pdfs
from reporting.models import QAReport
from reporting.qa_reports import services
from tests.reporting.test_qa_reports import written


def published(org, monkeypatch, drawn: list) -> QAReport:
    """A QA report published with the broker out of reach (nothing queued), its drawer counted."""
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))

    def unreachable(*args):
        raise ConnectionError("broker down")

    monkeypatch.setattr(kept_pdfs.draw_kept_pdf, "delay", unreachable)
    draw = kept_pdfs._DRAWERS["reporting.qareport"]
    monkeypatch.setitem(
        kept_pdfs._DRAWERS, "reporting.qareport", lambda r: drawn.append(r.pk) or draw(r)
    )
    return services.qa_report_publish(actor=org.pat, report=written(org, report))


def test_a_download_before_the_worker_draws_it_draws_it_once_and_keeps_it(
    org, client_for, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    drawn = []
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        report = published(org, monkeypatch, drawn)
    assert "Could not queue the PDF" in caplog.text  # logged; the publishing still stands
    report.refresh_from_db()
    assert report.is_published and report.pdf is None and drawn == []
    url = f"/dashboard/qa-reports/{report.pk}/report.pdf"
    first = client_for(org.hana).get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    second = client_for(org.pat).get(url)
    assert second.content == first.content and drawn == [report.pk]  # kept, not drawn again
    report.refresh_from_db()
    assert bytes(report.pdf) == first.content


def test_the_worker_draws_it_once_and_a_gone_record_is_no_error(org, monkeypatch):
    drawn = []
    report = published(org, monkeypatch, drawn)
    assert kept_pdfs.draw_kept_pdf("reporting.qareport", report.pk) is True
    assert kept_pdfs.draw_kept_pdf("reporting.qareport", report.pk) is True
    assert drawn == [report.pk]
    assert kept_pdfs.draw_kept_pdf("reporting.qareport", report.pk + 1000) is False
