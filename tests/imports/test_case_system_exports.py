"""The two case system exports: checked whole, refused whole, imported once."""

import datetime
import io
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from bexley_qa.history import history_of
from bexley_qa.imports import services
from bexley_qa.imports.models import ImportRun
from bexley_qa.people.models import Child
from sos.importing import MEASURES
from sos.models import MeasureCompletion, MonthlyFigure

from ..audits.test_import import declaring_16384_columns
from .conftest import CHILD_HEADER, MEASURE_HEADER, csv_bytes

TODAY = timezone.localdate()


def d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def test_a_messy_measures_file_is_refused_whole_with_each_rows_problem(org, upload):
    org.amy.referral_date = TODAY - datetime.timedelta(days=100)
    org.amy.save()
    content = csv_bytes(
        [
            ["1000002", "Safety plan", d(TODAY)],  # fine on its own
            ["9999999", "Safety plan", d(TODAY)],
            ["1000001", "Genogram", d(TODAY)],
            ["1000001", "Safety goal", d(TODAY + datetime.timedelta(days=1))],
            ["1000001", "Danger statement", d(TODAY - datetime.timedelta(days=101))],
            ["1000001", "Mapping with family", d(TODAY)],
            ["1000001", "mapping", d(TODAY)],
            ["", "Safety scale", d(TODAY)],
        ],
        MEASURE_HEADER,
    )
    response = upload(org.bella, "measures", content)
    page = response.content.decode()
    assert "Nothing was imported: 6 problems found" in page
    for problem in [
        "Row 3, Case ID: There is no case with ID 9999999",
        "Row 4, Measure: There is no measure called Genogram",
        "Row 5, Date completed: Date completed must not be in the future",
        "Row 6, Date completed: Date completed is before the case&#x27;s referral date<",
        "Row 8: The same measure and date for this case is also on row 7",
        "Row 9, Case ID: Case ID is empty",
    ]:
        assert problem in page
    assert "Import 8 measures" not in page
    assert MeasureCompletion.objects.count() == 0
    with pytest.raises(CommandError, match="6 problem"):
        call_command(
            "import_sos_measures", _write(content), stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert MeasureCompletion.objects.count() == 0


def _write(content: bytes, suffix=".csv") -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as file:
        file.write(content)
    return file.name


def test_a_clean_measures_file_imports_once_and_again_adds_nothing(org, upload, client_for):
    content = csv_bytes(
        [["1000001", "Safety plan", d(TODAY)], ["1000002", "Words & pictures", d(TODAY)]],
        MEASURE_HEADER,
    )
    page = upload(org.bella, "measures", content).content.decode()
    assert "Every row is correct" in page and "Import 2 measures" in page
    # Business support see no measures per child: no names, and not which are recorded already.
    assert "Amy Archer" not in page and page.count(">Ready</strong>") == 2
    response = client_for(org.bella).post(
        "/imports/measures/confirm/", {"sha256": services.digest(content)}, follow=True
    )
    # ...and after importing, not which were new (PSQA are: below).
    assert "measures.csv is imported: 2 checked" in response.content.decode()
    assert MeasureCompletion.objects.count() == 2
    run = ImportRun.objects.get()
    assert run.status == "imported" and run.run_by == org.bella
    # The team's figures for this month are refreshed at once.
    figure = MonthlyFigure.objects.get(team=org.team_a, plan_type=org.amy.plan_type)
    assert figure.safety_plan == 1
    # The same file again: nothing added, by the page or the command.
    page = upload(org.pat, "measures", content).content.decode()
    assert page.count("Already recorded") == 2 and "Amy Archer" in page
    client_for(org.bella).post("/imports/measures/confirm/", {"sha256": services.digest(content)})
    call_command("import_sos_measures", _write(content), stdout=io.StringIO())
    assert MeasureCompletion.objects.count() == 2


def child_row(org, **changes):
    row = dict(zip(CHILD_HEADER, [
        "1000001", "Amy", "Archer", d(org.amy.date_of_birth), org.amy.get_gender_display(),
        org.amy.ethnicity, org.amy.first_language, org.team_a.name, org.alice.email,
        org.stella.email, org.amy.get_plan_type_display(), d(org.amy.referral_date), "Open", "",
    ], strict=True))  # fmt: skip
    row.update(changes)
    return [row[c] for c in CHILD_HEADER]


def test_a_messy_children_file_is_refused_whole(org, upload):
    content = csv_bytes(
        [
            child_row(org, **{"Case ID": "3000001"}),  # a new child, fine
            child_row(org, **{"Case ID": ""}),
            child_row(org, **{"Case ID": "3000001"}),  # the same case twice
            child_row(org, **{"Allocated worker": org.priya.email}),  # not in Assessment
            child_row(org, **{"Case ID": "1000002", "Team": "Nowhere"}),
            child_row(
                org,
                **{"Case ID": "1000003", "Referral date": d(TODAY + datetime.timedelta(days=3))},
            ),
            child_row(org, **{"Case ID": "2000001", "Plan type": "Sometimes"}),
            # longer than the record keeps (the database would refuse it mid-import)
            child_row(org, **{"Case ID": "3000002", "First language": "Portuguese " * 6}),
            child_row(org, **{"Case ID": "3" * 21}),
        ],
        CHILD_HEADER,
    )
    page = upload(org.pat, "children", content).content.decode()
    for problem in [
        "Row 3, Case ID: Case ID is empty",
        "Row 4, Case ID: Case 3000001 is also on row 2: list each child once",
        "Row 5, Allocated worker: Priya Patel is not in the team Assessment",
        "Row 6, Team: There is no team called Nowhere",
        "Row 7, Referral date: Referral date must not be in the future",
        "Row 8, Plan type: Plan type must be one of",
        "Row 9, First language: First language must be 60 characters or fewer",
        "Row 10, Case ID: Case ID must be 20 characters or fewer",
    ]:
        assert problem in page
    assert not Child.objects.filter(case_id="3000001").exists()
    with pytest.raises(CommandError):
        call_command("import_children", _write(content), stdout=io.StringIO(), stderr=io.StringIO())
    assert ImportRun.objects.filter(status="refused").count() == 1  # the command's run


def test_a_clean_children_file_says_what_changed_and_the_same_file_changes_nothing(
    org, upload, client_for
):
    content = csv_bytes(
        [
            child_row(org),  # unchanged
            child_row(org, **{"Case ID": "1000002", "First name": "Ben", "Last name": "Baker",
                              "Allocated worker": org.colleague.email, "Staying Together worker": "",
                              "Plan type": "CP", "Referral date": d(org.ben.referral_date),
                              "Date of birth": d(org.ben.date_of_birth)}),  # new worker
            child_row(org, **{"Case ID": "1000003", "First name": "Cara", "Last name": "Cole",
                              "Team": org.team_b.name, "Allocated worker": org.priya.email,
                              "Staying Together worker": "", "Referral date": d(org.cara.referral_date),
                              "Date of birth": d(org.cara.date_of_birth)}),  # moved team
            child_row(org, **{"Case ID": "2000001", "First name": "Dan", "Last name": "Dale",
                              "Team": org.team_b.name, "Allocated worker": org.priya.email,
                              "Staying Together worker": "", "Plan type": "cla", "Status": "Closed",
                              "Referral date": d(org.dan.referral_date),
                              "Date of birth": d(org.dan.date_of_birth)}),  # closed
            child_row(org, **{"Case ID": "3000001", "First name": "Robin"}),  # new
        ],
        CHILD_HEADER,
    )  # fmt: skip
    page = upload(org.pat, "children", content).content.decode()
    assert "Every row is correct" in page, page
    for change in ("Unchanged", "New worker", "Moved team, new worker", "Closed", "New"):
        assert f">{change}</strong>" in page
    response = client_for(org.pat).post(
        "/imports/children/confirm/", {"sha256": services.digest(content)}, follow=True
    )
    text = " ".join(response.content.decode().split())
    assert "1 new, 1 moved team, 2 new worker, 1 closed, 1 unchanged" in text
    # The message and the run's Result say it in the same order (the stored summary is jsonb).
    assert text.count("1 new, 1 moved team, 2 new worker, 1 closed, 1 unchanged") == 2
    assert "Moved team (1)</dt>" in text and "1000003" in text
    org.cara.refresh_from_db()
    org.dan.refresh_from_db()
    assert org.cara.team == org.team_b and org.cara.allocated_worker == org.priya
    assert not org.dan.is_open and org.dan.closed_on == TODAY
    assert Child.objects.get(case_id="3000001").first_name == "Robin"
    # The same file again: every child as it is, nothing written (no history either).
    history_before = history_of(Child).objects.count()
    call_command("import_children", _write(content), stdout=(out := io.StringIO()))
    assert "5 unchanged" in out.getvalue()
    org.dan.refresh_from_db()
    assert org.dan.closed_on == TODAY
    assert history_of(Child).objects.count() == history_before


def test_business_support_see_what_moves_not_what_the_case_file_says(org, upload):
    content = csv_bytes(
        [child_row(org), child_row(org, **{"Case ID": "1000002", "Date of birth": "01/01/2001"})],
        CHILD_HEADER,
    )
    page = upload(org.bella, "children", content).content.decode()
    assert "Details updated" not in page and "Unchanged" not in page
    assert page.count(">Ready</strong>") == 2
    assert "Details updated" in upload(org.pat, "children", content).content.decode()


def test_business_support_are_not_told_after_importing_what_the_preview_kept_from_them(
    org, client_for
):
    """Found by a probe: the preview said 'Ready', the page after importing 'details updated'
    with the case ID. Someone who opens no case file sees the same after importing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from bexley_qa.imports.models import ImportRun

    from ..helpers import confirm_import

    content = csv_bytes(
        [child_row(org, **{"Case ID": "1000002", "Date of birth": "01/01/2001"})], CHILD_HEADER
    )
    bella = client_for(org.bella)
    bella.post("/imports/children/", {"file": SimpleUploadedFile("children.csv", content)})
    done = confirm_import(bella, "children", follow=True).text
    assert "1 no move, new worker or closure" in done and "details updated" not in done
    run = ImportRun.objects.get()
    page = bella.get(run.get_absolute_url()).text
    assert "details updated" not in page.lower() and "1000002" not in page
    assert "details updated" not in bella.get("/imports/").text
    pat_page = client_for(org.pat).get(run.get_absolute_url()).text
    assert "1 details updated" in pat_page and "1000002" in pat_page


def test_a_closed_case_not_in_the_app_is_not_added(org, upload):
    """Anonymising renames a child's case ID: its closed row in a later export must not bring
    the child's identity back as a new record."""
    content = csv_bytes(
        [child_row(org, **{"Case ID": "3000002", "Status": "Closed"})], CHILD_HEADER
    )
    page = upload(org.pat, "children", content).content.decode()
    assert "Case 3000002 is closed and not in the app: only open cases are added" in page


def test_confirm_imports_only_the_file_last_checked(org, upload, client_for):
    first = csv_bytes([["1000001", "Safety plan", d(TODAY)]], MEASURE_HEADER)
    second = csv_bytes([["1000002", "Safety plan", d(TODAY)]], MEASURE_HEADER)
    upload(org.pat, "measures", first)
    upload(org.pat, "measures", second)  # in another tab
    response = client_for(org.pat).post(
        "/imports/measures/confirm/", {"sha256": services.digest(first)}, follow=True
    )
    assert "Upload the file again" in response.content.decode()
    assert not MeasureCompletion.objects.exists()
    upload(org.pat, "measures", b"not,a,header")  # a failed upload forgets the last check
    response = client_for(org.pat).post(
        "/imports/measures/confirm/", {"sha256": services.digest(second)}, follow=True
    )
    assert not MeasureCompletion.objects.exists()


def test_a_measure_after_the_case_closed_is_refused(org, upload):
    org.dan.is_open, org.dan.closed_on = False, TODAY - datetime.timedelta(days=5)
    org.dan.save()
    content = csv_bytes([["2000001", "Safety plan", d(TODAY)]], MEASURE_HEADER)
    page = upload(org.pat, "measures", content).content.decode()
    assert "Row 2, Date completed: The case was closed before this date" in page


def test_an_audit_keeps_its_snapshot_when_the_import_moves_the_child(
    org, upload, client_for, audit
):
    content = csv_bytes(
        [child_row(org, **{"Team": org.team_b.name, "Allocated worker": org.priya.email,
                           "Staying Together worker": ""})],
        CHILD_HEADER,
    )  # fmt: skip
    upload(org.pat, "children", content)
    client_for(org.pat).post("/imports/children/confirm/", {"sha256": services.digest(content)})
    org.amy.refresh_from_db()
    audit.refresh_from_db()
    assert org.amy.team == org.team_b
    assert audit.team == org.team_a and audit.practitioner == org.alice


def test_a_huge_declared_sheet_is_read_quickly_in_little_memory(org):
    book = Workbook()
    book.active.append(MEASURE_HEADER)
    book.active.append(["1000001", "Safety plan", TODAY])
    out = io.BytesIO()
    book.save(out)
    content = declaring_16384_columns(out.getvalue())
    tracemalloc.start()
    try:
        rows = MEASURES.read("measures.xlsx", content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [r.cells["Date completed"] for r in rows] == [TODAY.isoformat()]
    assert peak < 20 * 1024 * 1024
    checked = MEASURES.check(rows)
    assert checked.ok, checked.problems


def test_too_many_rows_are_refused_before_any_check(org, upload):
    content = csv_bytes([["1000001", "Safety plan", d(TODAY)]] * 5001, MEASURE_HEADER)
    page = upload(org.bella, "measures", content).content.decode()
    assert "The file has more than 5,000 rows: split it into smaller files" in page


def test_a_whole_caseload_export_from_the_command_line_may_be_larger_than_an_upload(org, upload):
    """An upload is kept to 5,000 rows (it is previewed in the browser); a county's caseload comes
    from the folder or the command line, up to 100,000 rows and 50 MB."""
    rows = [child_row(org, **{"Case ID": f"6{n:06}"}) for n in range(5001)]
    content = csv_bytes(rows, CHILD_HEADER)
    page = upload(org.pat, "children", content).content.decode()
    assert "The file has more than 5,000 rows" in page
    call_command("import_children", _write(content), stdout=(out := io.StringIO()))
    assert "5,001 new" in out.getvalue()
    assert Child.objects.filter(case_id__startswith="6").count() == 5001


def test_only_business_support_and_psqa_import(org, client_for):
    for user in (org.alice, org.tom, org.sam, org.dee, org.mo):
        assert client_for(user).get("/imports/").status_code == 403
        assert client_for(user).get("/imports/measures/").status_code == 403
        assert client_for(user).post("/imports/children/confirm/").status_code == 403
    assert client_for(org.bella).get("/imports/").status_code == 200
    assert client_for(org.bella).get("/imports/nonsense/").status_code == 404


def test_the_nightly_job_imports_new_files_once_and_tells_psqa_of_a_refusal(
    org, tmp_path, settings, send_outbox
):
    settings.CASE_SYSTEM_EXPORTS_DIR = tmp_path
    (tmp_path / "measures_2026-11-26.csv").write_bytes(
        csv_bytes([["1000001", "Safety plan", d(TODAY)]], MEASURE_HEADER)
    )
    (tmp_path / "children_2026-11-26.csv").write_bytes(
        csv_bytes([child_row(org, **{"Case ID": "3000009"})], CHILD_HEADER)
    )
    (tmp_path / "measures_bad.csv").write_bytes(
        csv_bytes([["9", "Safety plan", d(TODAY)]], MEASURE_HEADER)
    )
    (tmp_path / "notes.txt").write_text("not an export")
    runs = services.exports_import()
    assert [(r.file_name, r.status) for r in runs] == [
        ("children_2026-11-26.csv", "imported"),
        ("measures_2026-11-26.csv", "imported"),
        ("measures_bad.csv", "refused"),
    ]
    assert Child.objects.filter(case_id="3000009").exists()
    assert MeasureCompletion.objects.filter(child=org.amy).count() == 1
    emails = send_outbox()
    assert [e.to for e in emails] == [[org.pat.email]]
    assert "measures_bad.csv" in emails[0].subject
    assert "There is no case with ID 9" in emails[0].body
    assert services.exports_import() == []  # the same files: nothing again


@pytest.mark.django_db(transaction=True)
def test_the_nightly_job_runs_on_a_real_worker(tmp_path):
    """The beat's task, on the real broker and worker, imports a file from the folder."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    from bexley_qa.imports.tasks import import_case_system_exports

    from ..factories import ChildFactory

    child = ChildFactory(case_id="4000001", referral_date=TODAY - datetime.timedelta(days=30))
    (tmp_path / "sos_measures.csv").write_bytes(
        csv_bytes([["4000001", "Mapping with family", d(TODAY)]], MEASURE_HEADER)
    )
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CASE_SYSTEM_EXPORTS_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bexley_qa", "worker", "--pool=solo",
         "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        import_case_system_exports.delay()
        deadline = time.monotonic() + 60
        while not MeasureCompletion.objects.filter(child=child).exists():
            assert time.monotonic() < deadline, "the worker did not import within 60 s"
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert ImportRun.objects.get().via == "folder"
    assert MonthlyFigure.objects.filter(team=child.team, mapping=1).exists()


# A whole export, a batch at a time ------------------------------------------------------------


def _export(org, tmp_path, rows) -> Path:
    path = tmp_path / "children_2026-12-07.csv"
    path.write_bytes(csv_bytes(rows, CHILD_HEADER))
    return path


def _nightly_peak(org, tmp_path, count: int) -> int:
    """The Python memory the nightly job's import of `count` new children peaks at."""
    _export(org, tmp_path, [child_row(org, **{"Case ID": f"7{n:06}"}) for n in range(count)])
    ImportRun.objects.all().delete()
    Child.objects.filter(case_id__startswith="7").delete()
    tracemalloc.start()
    try:
        (run,) = services.exports_import(folder=tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert run.status == "imported" and run.rows == count
    return peak


def test_a_whole_export_takes_a_batchs_memory_not_the_files(org, tmp_path, monkeypatch):
    """The nightly job reads, checks and writes a county's export a batch at a time (a 45 MB export
    read whole peaked at 477 MB): four times the rows cost no more memory."""
    monkeypatch.setattr("bexley_qa.importing.BATCH_ROWS", 200)
    small = _nightly_peak(org, tmp_path, 400)
    large = _nightly_peak(org, tmp_path, 1600)
    assert Child.objects.filter(case_id__startswith="7").count() == 1600
    assert large < small * 1.5, (small, large)


def test_a_whole_export_is_still_all_or_nothing_across_its_batches(org, tmp_path, monkeypatch):
    """A case twice in a file, in different batches, refuses the whole file: the batch already
    written is rolled back, and the rows after the problem are still checked and counted."""
    monkeypatch.setattr("bexley_qa.importing.BATCH_ROWS", 2)
    rows = [child_row(org, **{"Case ID": f"800000{n}"}) for n in range(6)]
    rows[4] = child_row(org, **{"Case ID": "8000000"})  # row 6, a later batch than row 2
    rows[5] = child_row(org, **{"Case ID": "8000005", "Team": "Nowhere"})
    path = _export(org, tmp_path, rows)
    (run,) = services.exports_import(folder=tmp_path)
    assert run.status == "refused" and run.rows == 6 and run.problem_count == 2
    assert run.problems == [
        "Row 6, Case ID: Case 8000000 is also on row 2: list each child once",
        "Row 7, Team: There is no team called Nowhere",
    ]
    assert not Child.objects.filter(case_id__startswith="800000").exists()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_children", str(path), stderr=(err := io.StringIO()))
    assert "Row 6, Case ID" in err.getvalue()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_children", str(path), dry_run=True, stderr=io.StringIO())
