import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from audits import importing, services
from audits.models import Audit
from bexley_qa.importing import ImportFileError

from ..factories import UserFactory
from ..helpers import confirm_import

HEADER = [
    "Auditor",
    "Case ID",
    "Allocated worker",
    "Staying Together worker",
    "Audit type",
    "Theme",
    "Meeting date",
]


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def good_rows(org):
    return [
        [
            org.tariq.email,
            "1000001",
            org.alice.get_full_name(),
            org.stella.get_full_name(),
            "Thematic",
            "Other: Neglect",
            "",
        ],
        [org.sam.get_full_name(), "2000001", org.priya.email, "", "", "", ""],
    ]


def upload(client, name, content):
    return client.post(
        reverse("imports:upload", args=["allocations"]), {"file": SimpleUploadedFile(name, content)}
    )


def problems_for(org, rows, **kwargs):
    checked = importing.check(importing.ALLOCATIONS.read("allocations.xlsx", xlsx(rows, **kwargs)))
    return [str(p) for p in checked.problems]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_valid_file_previews_then_imports_every_row(org, client_for, good_rows, fmt, send_outbox):
    client = client_for(org.bella)
    content = xlsx(good_rows) if fmt == "xlsx" else csv_bytes(good_rows)
    preview = upload(client, f"allocations.{fmt}", content)
    assert preview.status_code == 200
    assert b"Every row is correct" in preview.content
    assert b"Import 2 allocations" in preview.content
    assert not Audit.objects.exists()  # the preview saves nothing
    done = confirm_import(client, "allocations", follow=True)
    assert b"2 audits allocated" in done.content
    audits = {a.child.case_id: a for a in Audit.objects.all()}
    assert (audits["1000001"].auditor, audits["1000001"].kind, audits["1000001"].theme_display) == (
        org.tariq,
        "thematic",
        "Other: Neglect",
    )
    assert (audits["2000001"].auditor, audits["2000001"].kind) == (org.sam, "routine")
    assert {m.to[0] for m in send_outbox()} >= {
        org.tariq.email,
        org.sam.email,
        org.alice.email,
        org.priya.email,
    }


def test_header_matching_ignores_case_and_spaces(org, good_rows):
    header = [
        "  auditor ",
        "CASE ID",
        "allocated Worker",
        "Staying together worker",
        "audit type",
        "theme",
    ]
    assert problems_for(org, good_rows, header=header) == []


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-8-sig", ","), ("cp1252", ",")],
    ids=["Excel Unicode text", "UTF-8 with its mark", "Excel CSV on Windows"],
)
def test_csv_files_as_excel_saves_them_are_read(org, good_rows, encoding, delimiter):
    org.alice.first_name = "Zoë"  # a character that is two bytes in UTF-8, one in Windows-1252
    org.alice.save()
    good_rows[0][2] = org.alice.get_full_name()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(good_rows)
    content = out.getvalue().encode(encoding)
    checked = importing.check(importing.ALLOCATIONS.read("allocations.csv", content))
    assert [str(p) for p in checked.problems] == []
    assert len(checked.rows) == 2


def test_optional_columns_may_be_left_out(org):
    rows = [[org.tariq.email, "1000001", org.alice.email]]
    checked = importing.check(
        importing.ALLOCATIONS.read("a.csv", csv_bytes(rows, header=HEADER[:3]))
    )
    assert checked.ok


def test_each_problem_is_reported_by_row_and_column_and_nothing_is_imported(org, client_for):
    UserFactory(first_name=org.alice.first_name, last_name=org.alice.last_name, username="alice2")
    rows = [
        [org.tariq.email, "9999999", org.alice.email, "", "", ""],  # unknown case
        ["Nobody Atall", "1000002", org.alice.email, "", "", ""],  # unknown person
        [org.tariq.email, "1000003", org.alice.get_full_name(), "", "", ""],  # ambiguous name
        [org.tom.email, "1000001", org.alice.email, "", "", ""],  # auditor in the child's team
        [org.dee.email, "2000001", org.alice.email, "", "", ""],  # not the allocated worker
        [org.sam.email, "1000001", org.alice.email, "", "", ""],  # duplicate row
        ["", "", "", "", "Fortnightly", ""],  # empty required cells, bad type
    ]
    client = client_for(org.bella)
    response = upload(client, "allocations.xlsx", xlsx(rows))
    problems = [str(p) for p in response.context["checked"].problems]
    assert problems == [
        "Row 2, Case ID: There is no case with ID 9999999",
        "Row 3, Auditor: No one in the system is called Nobody Atall: check the spelling or use their email address",
        f"Row 4, Allocated worker: 2 people are called {org.alice.get_full_name()}: use their email address instead",
        f"Row 5, Auditor: {org.tom} is in Assessment, the child's own team: choose an auditor from another team",
        f"Row 6, Allocated worker: {org.alice} is not the allocated worker on the case record ({org.priya} is)",
        "Row 7, Case ID: Case 1000001 is also on row 5: allocate it once",
        "Row 8, Auditor: Auditor is empty",
        "Row 8, Case ID: Case ID is empty",
        "Row 8, Allocated worker: Allocated worker is empty",
        "Row 8, Audit type: Audit type must be Routine, Thematic, Practice Week or Multi-agency",
    ]
    assert b"Nothing was imported: 10 problems found" in response.content
    assert b"Import " not in response.content.split(b"</table>")[-1]  # no import button
    assert confirm_import(client, "allocations").status_code == 302  # nothing stored
    assert not Audit.objects.exists()


def test_a_child_with_an_open_audit_is_reported(org, good_rows):
    services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee)
    problems = problems_for(org, good_rows)
    assert problems == [
        f"Row 2, Case ID: Case 1000001 already has an audit in progress (auditor: {org.dee})"
    ]


def test_a_wrong_staying_together_worker_is_reported(org):
    rows = [[org.tariq.email, "1000002", org.alice.email, org.stella.email, "", ""]]
    assert problems_for(org, rows) == [
        f"Row 2, Staying Together worker: {org.stella} is not the Staying Together worker on the case record"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "allocations.pdf",
            b"%PDF-1.4",
            "The file must be an Excel spreadsheet (.xlsx) or a CSV file (.csv)",
        ),
        (
            "allocations.xlsx",
            b"this is not a spreadsheet",
            "The file could not be read as XLSX: is it damaged?",
        ),
        (
            "allocations.csv",
            b"\xff\xfe\x00garbage\x81",
            "The file could not be read as CSV: is it damaged?",
        ),
        (
            "allocations.csv",
            b"Case ID,Theme\n1000001,x\n",
            "Row 1 must have the columns Auditor, Allocated worker",
        ),
        ("allocations.csv", b"", "The file is empty"),
        (
            "allocations.csv",
            b"Auditor,Case ID,Allocated worker\n",
            "The file has a header row but no allocations below it",
        ),
    ],
)
def test_unreadable_files_are_explained(org, client_for, name, content, message):
    response = upload(client_for(org.bella), name, content)
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Audit.objects.exists()


def test_a_file_over_5_mb_is_refused(org, client_for):
    content = csv_bytes([]) + b"x" * (5 * 1024 * 1024)
    response = upload(client_for(org.bella), "allocations.csv", content)
    assert b"The file must be smaller than 5 MB" in response.content


def test_the_confirmation_checks_again_and_imports_nothing_if_anything_changed(
    org, client_for, good_rows
):
    client = client_for(org.bella)
    upload(client, "allocations.xlsx", xlsx(good_rows))
    services.audit_allocate(
        actor=org.pat, child=org.dan, auditor=org.dee
    )  # someone else got there first
    response = confirm_import(client, "allocations")
    assert b"Something changed since you checked the file" in response.content
    assert list(Audit.objects.values_list("auditor", flat=True)) == [org.dee.pk]


def test_the_template_has_the_columns(org, client_for):
    response = client_for(org.bella).get(reverse("imports:template", args=["allocations"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER


def test_import_rejects_get_on_confirm(org, client_for):
    assert (
        client_for(org.bella).get(reverse("imports:confirm", args=["allocations"])).status_code
        == 405
    )


# The management command ------------------------------------------------------------------------


def test_command_dry_run_imports_nothing(org, good_rows, tmp_path, capsys):
    path = tmp_path / "allocations.xlsx"
    path.write_bytes(xlsx(good_rows))
    call_command("import_allocations", str(path), "--dry-run")
    assert "All 2 rows are correct. Nothing was imported (dry run)." in capsys.readouterr().out
    assert not Audit.objects.exists()


def test_command_imports_as_the_named_person(org, good_rows, tmp_path):
    path = tmp_path / "allocations.csv"
    path.write_bytes(csv_bytes(good_rows))
    call_command("import_allocations", str(path), "--as", "bella")
    assert Audit.objects.count() == 2
    assert set(Audit.objects.values_list("allocated_by", flat=True)) == {org.bella.pk}


def test_command_exits_1_listing_every_problem(org, tmp_path, capsys):
    path = tmp_path / "allocations.csv"
    path.write_bytes(
        csv_bytes(
            [[org.tom.email, "1000001", org.alice.email], [org.tariq.email, "123", org.alice.email]]
        )
    )
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_allocations", str(path), "--as", "bella")
    errors = capsys.readouterr().err
    assert "Row 2, Auditor:" in errors and "Row 3, Case ID: There is no case with ID 123" in errors
    assert not Audit.objects.exists()


def test_command_exit_code_is_1(org, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "allocations.pdf"
    path.write_bytes(b"x")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_allocations", str(path), "--dry-run"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "The file must be an Excel spreadsheet" in result.stderr


def test_command_needs_an_allocator(org, good_rows, tmp_path):
    path = tmp_path / "allocations.csv"
    path.write_bytes(csv_bytes(good_rows))
    with pytest.raises(CommandError, match="--as USERNAME"):
        call_command("import_allocations", str(path))
    with pytest.raises(CommandError, match="alice may not run this import"):
        call_command("import_allocations", str(path), "--as", "alice")


def test_uploaded_spreadsheets_are_parsed_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_theme_too_long_to_save_is_reported_in_the_preview(org, good_rows):
    good_rows[0][5] = "Other: " + "x" * 201
    assert problems_for(org, good_rows) == [
        "Row 2, Theme: The theme must be 200 characters or fewer"
    ]


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("Neglect", "Theme must be one of the seven core areas of practice"),
        ("Other:", "Describe the theme"),
        ("", "Select the theme of a thematic audit"),
    ],
)
def test_a_theme_is_a_core_area_or_other_described(org, good_rows, cell, problem):
    good_rows[0][5] = cell
    (found,) = problems_for(org, good_rows)
    assert found.startswith(f"Row 2, Theme: {problem}")


def test_a_core_area_is_read_whatever_its_case_and_spacing(org, good_rows):
    good_rows[0][5] = "  safety planning and the  effectiveness of intervention "
    checked = importing.check(importing.ALLOCATIONS.read("allocations.xlsx", xlsx(good_rows)))
    assert checked.ok and checked.rows[0].theme == "safety_planning"


def test_an_optional_meeting_date_books_the_meeting(org, good_rows, client_for):
    day = timezone.localdate() + datetime.timedelta(days=7)
    good_rows[0][6] = day.strftime("%d/%m/%Y")
    good_rows[1][6] = day.isoformat()
    client = client_for(org.bella)
    upload(client, "allocations.csv", csv_bytes(good_rows))
    confirm_import(client, "allocations")
    assert {a.meeting_date for a in Audit.objects.all()} == {day}
    assert {a.status for a in Audit.objects.all()} == {"meeting_booked"}


@pytest.mark.parametrize(
    ("cell", "problem"),
    [("31/02/2027", "must be a real date"), ("1/1/2001", "must be today or in the future")],
)
def test_a_wrong_meeting_date_is_reported(org, good_rows, cell, problem):
    good_rows[1][6] = cell
    (found,) = problems_for(org, good_rows)
    assert found.startswith("Row 3, Meeting date: Meeting date " + problem)


def test_the_preview_shows_the_childs_name_team_type_and_theme(org, good_rows, client_for):
    content = upload(client_for(org.bella), "a.xlsx", xlsx(good_rows)).content.decode()
    for shown in ("Amy Archer", "Assessment", "Thematic", "Other: Neglect", "Dan Dale", "Care"):
        assert shown in content


def test_a_row_that_fails_on_saving_says_why_and_imports_nothing(
    org, client_for, good_rows, monkeypatch
):
    # A rule the check does not know of refuses one row while saving: every row rolls back.
    from django.core.exceptions import ValidationError

    from audits.services import allocation

    real = allocation._allocate

    def refuse_row_3(**kwargs):
        if kwargs["child"] == org.dan:
            raise ValidationError("The case record is locked in the case system")
        return real(**kwargs)

    client = client_for(org.bella)
    upload(client, "allocations.csv", csv_bytes(good_rows))
    monkeypatch.setattr(allocation, "_allocate", refuse_row_3)
    response = confirm_import(client, "allocations")
    assert response.status_code == 200
    assert "Row 3: The case record is locked in the case system" in response.content.decode()
    assert not Audit.objects.exists()


def test_the_confirmation_checks_each_row_once(org, client_for, good_rows, monkeypatch):
    client = client_for(org.bella)
    upload(client, "allocations.csv", csv_bytes(good_rows))
    checks = []
    real = importing.allocation_problems
    monkeypatch.setattr(
        importing, "allocation_problems", lambda **kw: checks.append(kw["child"]) or real(**kw)
    )
    assert confirm_import(client, "allocations").status_code == 302
    assert checks == [org.amy, org.dan]
    assert Audit.objects.count() == 2


def declaring_16384_columns(content: bytes) -> bytes:
    """The same workbook, its sheet declaring the widest range Excel allows (A1:XFD1048576)."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
                assert b"XFD1048576" in data
            target.writestr(item, data)
    return out.getvalue()


def test_a_sheet_declaring_16384_columns_is_read_in_little_memory(org, good_rows):
    import tracemalloc

    content = declaring_16384_columns(xlsx(good_rows))
    tracemalloc.start()
    try:
        rows = importing.ALLOCATIONS.read("allocations.xlsx", content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [row.cells["Case ID"] for row in rows] == ["1000001", "2000001"]
    assert peak < 20 * 1024 * 1024


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_too_many_rows_columns_or_characters_are_refused_with_a_clear_message(org, fmt):
    make = xlsx if fmt == "xlsx" else csv_bytes
    row = ["a@example.org", "1", "b@example.org", "", "", "", ""]
    cases = [
        (make([row] * 5001), "The file has more than 5,000 rows: split it into smaller files"),
        (
            make([row + [""] * 23 + ["surprise in column 31"]]),
            "Row 2 has more than 30 columns: keep only the columns of the allocations",
        ),
        (
            make([[*row[:5], "x" * 501, ""]]),
            "Row 2 has a cell longer than 500 characters: is it the right file?",
        ),
    ]
    for content, message in cases:
        with pytest.raises(ImportFileError, match=message):
            importing.ALLOCATIONS.read(f"allocations.{fmt}", content)


def test_a_file_of_thousands_of_bad_rows_lists_the_first_100_problems_and_the_total(
    org, client_for
):
    rows = [
        ["nobody@example.org", f"9{n:06}", "nobody@example.org", "", "", "", ""]
        for n in range(5000)
    ]
    content = csv_bytes(rows)
    response = upload(client_for(org.bella), "allocations.csv", content)
    page = response.content.decode()
    assert "Nothing was imported: 15,000 problems found" in page or "15000 problems" in page
    assert page.count("govuk-error-summary__list") == 1
    assert page.count('<li><a href="#row-') == 100
    assert "and 14,900 more problems not listed here" in page
    assert len(response.content) < 500_000
    assert not Audit.objects.exists()


def test_a_spreadsheet_that_unpacks_to_more_than_50_mb_is_refused_before_it_is_read(org):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"0" * (51 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000  # small to upload
    with pytest.raises(ImportFileError, match="too large once unpacked"):
        importing.ALLOCATIONS.read("allocations.xlsx", out.getvalue())


def test_a_small_spreadsheet_of_millions_of_shared_strings_is_refused_quickly(org):
    """Found by a probe: 22 KB unpacking to 500,000 one-letter shared strings took the server 11
    seconds to read. Refused once more strings are counted than its rows could have cells."""
    import zipfile

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([["a@example.org", "1", "x"]]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item))
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>a</t></si>" * 500_000
            + b"</sst>",
        )
    assert len(buffer.getvalue()) < 100_000  # and under 50 MB unpacked: that bound let it through
    with pytest.raises(ImportFileError, match="too large once unpacked"):
        importing.ALLOCATIONS.read("allocations.xlsx", buffer.getvalue())


def test_a_file_with_a_character_that_is_not_text_is_refused_not_a_server_error(org, client_for):
    content = csv_bytes([["a@example.org", "1000001\x00", "x"]], header=HEADER[:3])
    page = upload(client_for(org.bella), "allocations.csv", content)
    assert page.status_code == 200
    assert "Row 2 has a character that is not text: is it damaged?" in page.text


# The one import page: the allocation spreadsheet is run as every other import is ------------------


def test_an_allocation_import_is_recorded_as_a_run_with_the_cases_allocated(
    org, client_for, good_rows
):
    from bexley_qa.imports.models import ImportRun

    client = client_for(org.bella)
    upload(client, "allocations.csv", csv_bytes(good_rows))
    confirm_import(client, "allocations")
    run = ImportRun.objects.get()
    assert (run.kind, run.run_by, run.via, run.summary) == (
        "allocations", org.bella, "upload", {"allocated": 2},
    )  # fmt: skip
    assert run.changes == {"allocated": ["1000001", "2000001"]}
    listed = client.get(reverse("imports:index")).text
    assert "Allocations" in listed and "2 allocated" in listed
    page = client.get(run.get_absolute_url()).text
    assert "1000001, 2000001" in page


def test_only_the_file_last_previewed_is_imported(org, client_for, good_rows):
    """Two tabs: a file previewed in the first, another in the second; confirming the first
    imports nothing, and says why."""
    client = client_for(org.bella)
    first = upload(client, "first.csv", csv_bytes(good_rows[:1])).text
    first_sha = re.search(r'name="sha256" value="([0-9a-f]+)"', first).group(1)
    upload(client, "second.csv", csv_bytes(good_rows[1:]))
    refused = client.post(
        reverse("imports:confirm", args=["allocations"]), {"sha256": first_sha}, follow=True
    )
    assert "the rows you checked are no longer the last file checked" in refused.text
    assert not Audit.objects.exists()


def test_the_import_pages_are_for_those_who_may_run_an_import(org, client_for):
    alice = client_for(org.alice)
    assert alice.get(reverse("imports:index")).status_code == 403
    assert alice.get(reverse("imports:upload", args=["allocations"])).status_code == 403
    assert alice.get(reverse("imports:upload", args=["children"])).status_code == 403
    assert client_for(org.bella).get("/imports/nonsense/").status_code == 404
