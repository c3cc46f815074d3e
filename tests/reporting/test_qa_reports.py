"""The quarterly QA report: drafted once a quarter (a real worker too), written with autosave,
published once as a PDF that is kept, emailed to its readers, and read only by them."""

import io
import os
import re
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from pypdf import PdfReader

from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import RoleCode
from bexley_qa.versioning import StaleVersion
from reporting.counted import recount_figures
from reporting.models import QAReport
from reporting.qa_reports import services
from reporting.tasks import draft_quarterly_qa_reports
from sos.models import ReportLevel
from tests.factories import UserFactory
from tests.helpers import assert_tagged_pdf, drawn_by_the_worker
from tests.reporting.test_analytics import made, table

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = {
    "themes": "Safety planning is stronger; chronologies lag.",
    "key_learning": "Families value workers who do what they say.",
    "recommendations": "Chronology workshops in every team.",
    "impact": "Last quarter's plan workshops lifted area 9.",
}


def written(org, report):
    return services.qa_report_save(
        actor=org.pat, report=report, data=SECTIONS, version=report.version
    )


def test_the_quarterly_job_drafts_each_scope_once_after_the_quarter_ends(org):
    drafted = services.quarterly_job(today=date(2026, 10, 1))
    assert sorted(r.title for r in drafted) == [
        "QA report 2026 Q3 (July to September 2026): Service A",
        "QA report 2026 Q3 (July to September 2026): Service B",
        "QA report 2026 Q3 (July to September 2026): the directorate",
    ]
    assert {(r.period_start, r.period_end) for r in drafted} == {
        (date(2026, 7, 1), date(2026, 9, 1))
    }
    assert services.quarterly_job(today=date(2026, 11, 20)) == []
    assert QAReport.objects.count() == 3
    told = Notification.objects.filter(template="qa-reports-drafted")
    assert [n.recipient for n in told] == [org.pat]
    assert "write the themes" in told[0].body_text
    # The next quarter's, once it has ended.
    assert len(services.quarterly_job(today=date(2027, 1, 2))) == 3


def test_a_real_worker_drafts_the_quarter_once(transactional_db, org):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bexley_qa", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        first = draft_quarterly_qa_reports.delay("2026-10-01")
        second = draft_quarterly_qa_reports.delay("2026-10-02")
        deadline = time.monotonic() + 40
        while QAReport.objects.count() < 3 or Notification.objects.count() < 1:
            assert time.monotonic() < deadline, "the worker did not draft within 40 s"
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.2)
        assert first.id != second.id
        time.sleep(1.5)  # the second run has had its turn: it drafted nothing more
        assert QAReport.objects.count() == 3
        assert QAReport.objects.filter(level=ReportLevel.DIRECTORATE).count() == 1
    finally:
        worker.terminate()
        worker.wait(timeout=20)


def test_sections_save_with_versions_and_a_stale_save_is_refused(org):
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    saved = written(org, report)
    assert saved.version == report.version + 1
    with pytest.raises(StaleVersion):
        services.qa_report_save(
            actor=org.pat, report=report, data={**SECTIONS, "themes": "Other words"},
            version=report.version,
        )  # fmt: skip
    report.refresh_from_db()
    assert report.themes == SECTIONS["themes"]
    with pytest.raises(PermissionDenied):
        services.qa_report_save(actor=org.tom, report=report, data=SECTIONS, version=report.version)


def test_publishing_needs_every_section_then_keeps_the_pdf_and_emails_the_readers(
    org, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    made(org, org.amy, grade=6, completed=datetime(2026, 8, 3, 10))
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    with pytest.raises(ValidationError, match="Write the themes, key learning"):
        services.qa_report_publish(actor=org.pat, report=report)
    written(org, report)
    published = drawn_by_the_worker(
        monkeypatch, django_capture_on_commit_callbacks,
        lambda: services.qa_report_publish(actor=org.pat, report=report),
    )  # fmt: skip
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(published.pdf)).pages)
    assert_tagged_pdf(published.pdf, "QA report July 2026 to September 2026")
    assert "QA report July 2026 to September 2026: the directorate" in text
    assert "Chronology workshops in every team." in text
    assert "Key figures" in text and "Audits completed" in text
    # Kept: a second publish or an edit is refused, and the PDF served is the one made.
    with pytest.raises(ValidationError):
        services.qa_report_publish(actor=org.pat, report=published)
    with pytest.raises(ValidationError, match="published"):
        services.qa_report_save(
            actor=org.pat, report=published, data=SECTIONS, version=published.version
        )
    download = client_for(org.hana).get(f"/dashboard/qa-reports/{report.pk}/report.pdf")
    assert download.status_code == 200 and bytes(download.content) == bytes(published.pdf)
    # The senior leadership team, PSQA, and the service and team managers it is "shared with";
    # not a practitioner, business support or a moderator.
    readers = set(
        Notification.objects.filter(template="qa-report-published").values_list(
            "recipient__username", flat=True
        )
    )
    assert readers == {"sam", "hana", "dee", "pat", "tom", "tariq"}


def test_a_services_report_goes_to_that_services_managers_only(org, client_for):
    other_manager = UserFactory(roles=[RoleCode.SERVICE_MANAGER])
    org.service_b.managers.add(other_manager)
    report = services.qa_report_draft(
        actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1), service=org.service_b
    )
    written(org, report)
    services.qa_report_publish(actor=org.pat, report=report)
    readers = set(
        Notification.objects.filter(template="qa-report-published").values_list(
            "recipient", flat=True
        )
    )
    assert {other_manager.pk, org.tariq.pk, org.dee.pk, org.pat.pk} <= readers
    assert not {org.sam.pk, org.hana.pk, org.tom.pk} & readers
    # Service A's managers cannot open it; service B's can, its team's manager too.
    for outside in (org.sam, org.tom):
        assert client_for(outside).get(f"/dashboard/qa-reports/{report.pk}/").status_code == 404
    for inside in (other_manager, org.tariq):
        assert client_for(inside).get(f"/dashboard/qa-reports/{report.pk}/").status_code == 200


def test_drafts_are_psqas_only_and_others_have_no_reports(org, client_for):
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    for who in (org.sam, org.hana, org.dee, org.tom):
        assert client_for(who).get(f"/dashboard/qa-reports/{report.pk}/").status_code == 404
        assert client_for(who).get(f"/dashboard/qa-reports/{report.pk}/write/").status_code == 404
    for who in (org.alice, org.bella, org.mo):
        assert client_for(who).get("/dashboard/qa-reports/").status_code == 403
        assert client_for(who).get(f"/dashboard/qa-reports/{report.pk}/").status_code == 404
    assert client_for(org.sam).get("/dashboard/qa-reports/").status_code == 200
    assert (
        client_for(org.sam).post(f"/dashboard/qa-reports/{report.pk}/publish/").status_code == 404
    )
    assert client_for(org.pat).get(f"/dashboard/qa-reports/{report.pk}/").status_code == 200


def test_psqa_draft_on_demand_write_by_autosave_and_publish_through_the_pages(org, client_for):
    pat = client_for(org.pat)
    refused = pat.post("/dashboard/qa-reports/new/", {"start": "2026-09", "end": "2026-07"})
    assert "The last month must be the same as the first month or later" in refused.content.decode()
    assert not QAReport.objects.exists()
    made(org, org.amy, grade=6, completed=datetime(2026, 8, 3, 10))
    response = pat.post(
        "/dashboard/qa-reports/new/",
        {"start": "2026-07", "end": "2026-09", "service": org.service_a.pk},
    )
    report = QAReport.objects.get()
    assert response.url == f"/dashboard/qa-reports/{report.pk}/"
    page = pat.get(response.url)
    assert "QA report July 2026 to September 2026: Service A" in page.content.decode()
    assert table(page, "key-figures")[0][-1] == "1"  # one audit completed in the period
    autosaved = pat.post(
        f"/dashboard/qa-reports/{report.pk}/write/", {**SECTIONS, "version": report.version},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert autosaved.status_code == 200 and "Saved" in autosaved.content.decode()
    report.refresh_from_db()
    assert report.recommendations == SECTIONS["recommendations"]
    published = pat.post(f"/dashboard/qa-reports/{report.pk}/publish/")
    assert published.status_code == 302
    report.refresh_from_db()
    assert report.is_published
    # Published: the write page sends back to the report; a post changes nothing.
    again = pat.post(
        f"/dashboard/qa-reports/{report.pk}/write/",
        {**SECTIONS, "themes": "New", "version": report.version},
    )
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.themes == SECTIONS["themes"]
    assert "Published" in pat.get("/dashboard/qa-reports/").content.decode()


def test_a_reports_tables_download_as_csv(org, client_for):
    made(org, org.amy, grade=6, completed=datetime(2026, 8, 3, 10))
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    download = client_for(org.pat).get(f"/dashboard/qa-reports/{report.pk}/?csv=key-figures")
    lines = download.content.decode().splitlines()
    assert lines[0] == ",2025 Q3,2025 Q4,2026 Q1,2026 Q2,2026 Q3"
    assert lines[1] == "Audits completed,0,0,0,0,1"
    assert client_for(org.pat).get(f"/dashboard/qa-reports/{report.pk}/?csv=x").status_code == 404


def test_an_autosave_after_publishing_says_it_was_not_saved(org, client_for):
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    report = written(org, report)
    version = report.version
    services.qa_report_publish(actor=org.pat, report=report)  # from another tab
    response = client_for(org.pat).post(
        f"/dashboard/qa-reports/{report.pk}/write/",
        {**SECTIONS, "themes": "Typed after publishing", "version": version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Not saved" in text and "published" in text and "<nav" not in text
    report.refresh_from_db()
    assert report.themes == SECTIONS["themes"]


def test_the_home_page_offers_the_reports_to_their_readers_and_the_drafts_to_psqa(org, client_for):
    director = UserFactory(username="dcs", roles=[RoleCode.DIRECTOR])
    draft = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    psqa_home = client_for(org.pat).get("/").content.decode()
    assert "Drafts to write and publish" in psqa_home and draft.get_absolute_url() in psqa_home
    assert "Quarterly QA reports" not in client_for(org.dee).get("/").content.decode()  # none yet
    published = services.qa_report_publish(actor=org.pat, report=written(org, draft))
    for reader in (org.dee, org.hana, director, org.tom):
        home = client_for(reader).get("/").content.decode()
        assert "The latest published for you" in home and published.title in home
    assert "Quarterly QA reports" not in client_for(org.alice).get("/").content.decode()
    # The director reads every directorate figure (the audit results among them) but opens no
    # audit: the report's numbers do not link down to audits for them, as they do for PSQA.
    results = client_for(director).get("/more/results/").content.decode()
    assert re.search(r'href="/dashboard/analytics/"[^>]*>\s*Audit results', results)
    made(org, org.amy, grade=6, completed=datetime(2026, 8, 3, 10))
    recount_figures()  # the worker counts the report's figures again (reporting/counted.py)
    page = client_for(director).get(published.get_absolute_url()).content.decode()
    assert "/audits/?" not in page
    assert "/audits/?" in client_for(org.pat).get(published.get_absolute_url()).content.decode()


def test_highlights_name_no_one_hide_small_numbers_and_are_kept_as_released(org, client_for):
    """PSQA write the highlights of a published report; anything that could identify someone is
    refused; counts under 5 are hidden; released once, then read by the report's readers."""
    from django.utils.html import escape

    from reporting.models import Highlights

    made(org, org.amy, grade=6, completed=datetime(2026, 8, 3, 10))
    report = services.qa_report_draft(actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1))
    written(org, report)
    url = f"/dashboard/qa-reports/{report.pk}/highlights/"
    assert client_for(org.pat).get(url).status_code == 404  # a draft has none
    report = services.qa_report_publish(actor=org.pat, report=report)
    pat = client_for(org.pat)
    page = pat.get(url)
    assert page.status_code == 200 and "fewer than 5" in page.text  # one audit completed
    key = {row[0]: row[1:] for row in page.context["figure"].rows}
    assert key["Graded Good or better (%)"][-1] == "hidden"  # a share of one audit
    assert client_for(org.hana).get(url).status_code == 404  # not released yet
    for told, refused in (
        ("Amy Archer's plan improved.", "a child's name"),
        ("Tom Turner led the work.", "the name of someone on the staff list"),
        ("Case 1000001 was reviewed.", "a case ID"),
        ("Seen on 3/8/2026.", "a date"),
    ):
        response = pat.post(url, {"summary": told})
        assert response.status_code == 400 and escape(refused) in response.text, told
    assert Highlights.objects.get(report=report).summary == ""
    # What an independent probe got past the first version of the check.
    from reporting.qa_reports.highlights import identifying

    for told in ("amy archer came through", "Archer, Amy", "Amy Jane Archer", "TOM TURNER",
                 "case 100 0001", "born February 8 2016", "the 8th of February", "2016/02/08",
                 "audit 42", "staff BX00001"):  # fmt: skip
        assert identifying(told), told
    assert identifying("Chronologies improved in 2026 Q2 across the directorate.") == []
    pat.post(url, {"summary": "Chronologies improved across the directorate this quarter."})
    pat.post(url, {"release": "1"})
    kept = Highlights.objects.get(report=report)
    assert kept.is_released and bytes(kept.pdf).startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(kept.pdf)).pages)
    assert "Chronologies improved" in text and "fewer than 5" in text
    assert pat.post(url, {"summary": "Changed"}).status_code == 200  # no form: kept as released
    assert Highlights.objects.get(report=report).summary.startswith("Chronologies")
    hana = client_for(org.hana)
    assert hana.get(url).status_code == 200
    assert hana.get(f"/dashboard/qa-reports/{report.pk}/highlights.pdf").status_code == 200
    assert hana.post(url, {"release": "1"}).status_code == 403
