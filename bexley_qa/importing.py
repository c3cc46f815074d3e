"""The one way spreadsheets come in (allocations, children, Signs of Safety measures): read as a
stream with row, column and cell limits, every row checked (problems by row and column, the first
SHOWN_PROBLEMS listed with the total), a preview, then all rows or none in one transaction.

Each import declares itself once (`Import`: its columns, its row, its checks, its writer, who may
run it and the two templates that are its own: what to upload, and its preview's table) and
registers from its app's AppConfig.ready(): the allocations (`audits/importing.py`), the case
system's children (`bexley_qa/people/feed.py`) and Signs of Safety measures (`sos/importing.py`).
Everything else is shared: `read()` / `read_rows()` give each non-empty row's cells keyed by
column, `Checked` holds the rows with their problems, and the one import page (upload, preview,
confirm the file previewed, the run's page), the command line and the nightly folder job are
`bexley_qa/imports/`.
"""

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import BinaryIO

from defusedxml import ElementTree as DefusedET
from django.utils import timezone
from openpyxl import load_workbook

# Bounds on what a file may hold, so that no upload can take the server's memory or time: it is
# read as a stream and refused as soon as it passes one of them.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_CELL_CHARACTERS = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
SHOWN_PROBLEMS = 100
# The case system's whole-caseload exports, from its folder or the command line (not uploaded
# through a browser, nor kept in a session for a preview), may be larger: a county's caseload.
LARGE_MAX_BYTES = 50 * 1024 * 1024
LARGE_MAX_ROWS = 100_000
# A whole export is checked and written this many rows at a time, in one transaction: its memory
# is a batch's, not the file's.
BATCH_ROWS = 5000


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str  # empty when the problem is the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


@dataclass
class Checked:
    """The rows of a file (each with `number` and `problems`) and every problem found."""

    rows: list
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:SHOWN_PROBLEMS]

    @property
    def more_problems(self) -> int:
        return max(0, len(self.problems) - SHOWN_PROBLEMS)

    @property
    def shown_rows(self) -> list:
        """Every row of a file ready to import; of a refused one, the rows of the problems shown."""
        if not self.problems:
            return self.rows
        numbers = {problem.row for problem in self.shown_problems}
        return [row for row in self.rows if row.number in numbers]


class ImportRefused(Exception):
    """Checked again on import, some row is wrong now (say, someone changed one of the cases
    since the preview): nothing was imported; `checked` lists every problem."""

    def __init__(self, checked: Checked):
        super().__init__(f"{len(checked.problems)} problem(s) found: nothing was imported")
        self.checked = checked


def read_rows(
    name: str,
    content: bytes,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    what: str,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> list[tuple[int, dict[str, str]]]:
    """Each non-empty row of an .xlsx or .csv file as (row number, cells keyed by column), the
    columns found by the header's names in any order; ImportFileError if it cannot be read.
    `what` names the rows in messages ("allocations", "children")."""
    return list(
        iter_rows(
            name, io.BytesIO(content), columns=columns, required=required, what=what,
            max_rows=max_rows, max_bytes=max_bytes,
        )
    )  # fmt: skip


def iter_rows(
    name: str,
    file: BinaryIO,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    what: str,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> Iterator[tuple[int, dict[str, str]]]:
    """read_rows() one row at a time from a seekable binary file, holding no more of it than a
    row (a county's whole export from the folder): ImportFileError as soon as the file breaks
    a bound or cannot be read, which may be after rows have been given."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ImportFileError("The file must be an Excel spreadsheet (.xlsx) or a CSV file (.csv)")
    if file.seek(0, io.SEEK_END) > max_bytes:
        raise ImportFileError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
    file.seek(0)
    found = False
    try:
        table = (
            _read_xlsx(
                file, what, unpacked=max(MAX_UNPACKED_BYTES, 10 * max_bytes),
                cells=(max_rows + 1) * MAX_COLUMNS,
            )
            if suffix == ".xlsx"
            else _read_csv(file)
        )  # fmt: skip
        header_values = next(table, None)
        if not header_values:
            raise ImportFileError("The file is empty")
        header = [
            " ".join(str(cell or "").split()).lower() for cell in _bounded(header_values, 1, what)
        ]
        missing = [column for column in required if column.lower() not in header]
        if missing:
            raise ImportFileError(
                f"Row 1 must have the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                "(download the template to see them all)"
            )
        index = {c: header.index(c.lower()) for c in columns if c.lower() in header}
        for number, values in enumerate(table, start=2):
            if number > max_rows + 1:
                raise ImportFileError(
                    f"The file has more than {max_rows:,} rows: split it into smaller files"
                )
            values = _bounded(values, number, what)
            cells = {
                column: text(values[i]) if i < len(values) else "" for column, i in index.items()
            }
            if any(cells.values()):
                found = True
                yield number, cells
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means the same to the user
        raise ImportFileError(
            f"The file could not be read as {suffix[1:].upper()}: is it damaged?"
        ) from error
    if not found:
        raise ImportFileError(f"The file has a header row but no {what} below it")


def _bounded(values, number: int, what: str) -> list:
    """A row's cells, refused if it has too many columns or too long a cell."""
    values = list(values)
    if any(text(value) for value in values[MAX_COLUMNS:]):
        raise ImportFileError(
            f"Row {number} has more than {MAX_COLUMNS} columns: keep only the columns of the {what}"
        )
    for value in values[:MAX_COLUMNS]:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
            raise ImportFileError(
                f"Row {number} has a cell longer than {MAX_CELL_CHARACTERS} characters: "
                "is it the right file?"
            )
        if isinstance(value, str) and "\x00" in value:
            # Not text a person typed (and the database cannot keep it): a damaged file.
            raise ImportFileError(f"Row {number} has a character that is not text: is it damaged?")
    return values[:MAX_COLUMNS]


def text(value) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ".0" (a case ID typed as one)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()  # a date cell in Excel
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_xlsx(file: BinaryIO, what: str, *, unpacked: int, cells: int) -> Iterator[tuple]:
    """The first sheet's rows, one at a time, each at most one column past MAX_COLUMNS (so a sheet
    that declares 16,384 columns costs no more than one that declares 31). An .xlsx is a zip: one
    that unpacks to more than `unpacked` bytes is refused before it is read, and one whose table
    of shared strings holds more strings than its rows could have cells (a small file of millions
    of one-letter strings, which took the server seconds to read) is refused as soon as that many
    are counted, before the sheet is read."""
    too_large = ImportFileError(
        f"The spreadsheet is too large once unpacked: keep only the {what} in it"
    )
    with zipfile.ZipFile(file) as archive:
        if sum(item.file_size for item in archive.infolist()) > unpacked:
            raise too_large
        if "xl/sharedStrings.xml" in archive.namelist():
            with archive.open("xl/sharedStrings.xml") as strings:
                counted = 0
                for _, element in DefusedET.iterparse(strings):
                    if element.tag.endswith("}si"):
                        counted += 1
                        if counted > cells:
                            raise too_large
                    element.clear()
    file.seek(0)
    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
    finally:
        workbook.close()


def _read_csv(file: BinaryIO) -> Iterator[list[str]]:
    """A CSV as Excel and the case system write one: UTF-8 (with or without its mark), UTF-16
    with its mark (Excel's "Unicode text", tab-separated), or Windows-1252 (Excel's plain "CSV"
    on Windows, where "é" is one byte that is not UTF-8), read a line at a time."""
    text = io.TextIOWrapper(file, encoding=_encoding(file), newline="")
    first_line = text.readline()
    text.seek(0)
    dialect = csv.excel_tab if "\t" in first_line and "," not in first_line else csv.excel
    try:
        yield from csv.reader(text, dialect)
    finally:
        text.detach()  # the caller's file stays open


def _encoding(file: BinaryIO) -> str:
    """The file's encoding, found by reading it through once (a megabyte at a time)."""
    file.seek(0)
    start = file.read(2)
    if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        file.seek(0)
        return "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        try:
            while chunk := file.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        file.seek(0)
        return encoding
    file.seek(0)
    return "latin-1"  # every byte is a character: never refused for its bytes


def parse_date(value: str) -> date | None:
    """A date typed as 2026-12-03 or 3/12/2026 (day first, as in the UK); None if it is neither."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def problem_adder(row) -> Callable[[str, str], None]:
    """`problem(column, message)`: a problem on this row (its number) and column, of the row's
    own kind of problem (a payload's says where it is in the payload, not a row and column)."""
    kind = getattr(row, "Problem", Problem)

    def problem(column: str, message: str) -> None:
        row.problems.append(kind(row.number, column, message))

    return problem


def date_cell(row, column: str, problem, *, required: bool = True) -> date | None:
    """A row's date in `column`, checked: there when required, a real date, not in the future."""
    value = row.cells.get(column, "")
    if not value:
        if required:
            problem(column, f"{column} is empty")
        return None
    day = parse_date(value)
    if day is None:
        problem(column, f"{column} must be a real date, like 3/12/2026")
    elif day > timezone.localdate():
        problem(column, f"{column} must not be in the future")
        return None
    return day


@dataclass(frozen=True)
class Duplicates:
    """What makes two rows of a file the same (`key(row)`, None for a row not to compare), and the
    problem put on the later one: `message` is formatted with the earlier row's number (`first`)
    and the row's cells (`case_id` for "Case ID")."""

    key: Callable
    column: str
    message: str


def flag_duplicates(rows, duplicates: Duplicates, seen: dict | None = None) -> None:
    """A problem on each row whose key an earlier row has, in these rows or (`seen`, kept from
    one batch of a file to the next) before them."""
    seen = {} if seen is None else seen
    for row in rows:
        if (k := duplicates.key(row)) is None:
            continue
        if k in seen:
            fields = {str(c).lower().replace(" ", "_"): v for c, v in row.cells.items()}
            problem_adder(row)(
                duplicates.column, duplicates.message.format_map({**fields, "first": seen[k]})
            )
        else:
            seen[k] = row.number


def choice(value: str, choices) -> str | None:
    """The stored value of a Django choices class named by its value or its label, in any case
    and spacing ("CP", "cp", "Child protection"); None when it is neither."""
    key = " ".join(value.split()).lower()
    for stored, label in choices:
        if key in (str(stored).lower(), " ".join(str(label).split()).lower()):
            return stored
    return None


# Each import, declared once -----------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One kind of import. The shared pages, command and nightly job run it; it says what is its
    own: the file's columns, the row it reads into, the checks, the writer and who may run it."""

    kind: str  # in its addresses and on each run: "allocations", "children", "measures"
    label: str  # what the list of runs calls it: "Children (core data)"
    title: str  # the upload page's heading: "Import children"
    noun: tuple[str, str]  # a row, one and many: ("allocation", "allocations")
    columns: tuple[str, ...]  # every column, in the template file's order
    required: tuple[str, ...]
    row: type  # built as row(number=..., cells=...), also from what the preview kept
    # Every row checked (the preview, and again on import), but for duplicates: run it through
    # check_rows(), which adds those (across the whole file, when it is read in batches).
    check: Callable[[list], Checked]
    # write(checked=, actor=, run=) saves every row, inside the import's transaction, and gives
    # the run's summary ({"new": 3, ...}); it may add to run.changes ({"new": [case IDs]}).
    write: Callable[..., dict]
    may: Callable  # a Rule: who may run it
    intro: str  # template: what the file holds, above the upload form
    preview: str  # template: the preview table's header cells and rows
    lock: Callable[[list], None] | None = None  # lock what the checks read, before them
    duplicates: tuple[Duplicates, ...] = ()  # what must not appear twice in a file
    outcomes: tuple[str, ...] = ()  # the summary's keys, in the order the pages show them
    # What someone who opens no case file (business support) is told instead of an outcome that
    # would say something of a case file ({"details updated": "..."}), as its preview tells them.
    outcomes_without_case_files: dict[str, str] = field(default_factory=dict)
    folder: tuple[str, ...] = ()  # file-name prefixes the nightly job picks up ("children")
    folder_order: int = 100  # the nightly job imports lower first (children before measures)
    # The upload's label and hint: what the file is ("Allocation spreadsheet").
    file_label: str = "Export file"
    file_hint: str = (
        "An Excel (.xlsx) or CSV file of no more than 5 MB and 5,000 rows, as the case system "
        "exports it (a whole county's export goes in the export folder instead)."
    )
    template_file: Callable[[], tuple[bytes, str, str]] | None = None  # default: a CSV header
    template_link: str = "Download a file with the column headings"
    back: tuple[str, str] = ("imports:index", "Back to imports")  # (URL name, link text)
    done: str = ""  # the URL name to go to once imported (default: the run's page)
    ids: str = "case IDs"  # what the run's page lists for each change
    done_message: Callable[..., str] | None = None  # done_message(run): what the page says
    describe: Callable[..., str] = field(default=lambda row: "correct")  # a row, for the command
    needs_actor: bool = False  # the command must say who imports (--as USERNAME)
    context: Callable[..., dict] = field(default=lambda user: {})  # the pages' extras for user
    # A file that is not a spreadsheet (the DfE's JSON payloads): its suffixes, and its own
    # reader, read(name, content) -> rows and stream(name, file) -> batches of rows, both raising
    # ImportFileError for what cannot be read; and how a row is named in the command's lines.
    suffixes: tuple[str, ...] = (".xlsx", ".csv")
    reader: object | None = None
    row_name: str = "Row {}"

    @property
    def what(self) -> str:
        return self.noun[1]

    def read(self, name: str, content: bytes) -> list:
        """The uploaded file's rows (ImportFileError if it cannot be read)."""
        if self.reader is not None:
            return self.reader.read(name, content)
        return [
            self.row(number=n, cells=c)
            for n, c in read_rows(
                name, content, columns=self.columns, required=self.required, what=self.what
            )
        ]

    def stream(self, name: str, file: BinaryIO) -> Iterator[list]:
        """A whole export's rows (from the folder or the command line, held to the larger bounds
        of a county's caseload) in batches of BATCH_ROWS, read as they are needed: ImportFileError
        as soon as the file cannot be read further."""
        if self.reader is not None:
            yield from self.reader.stream(name, file)
            return
        rows = (
            self.row(number=n, cells=c)
            for n, c in iter_rows(
                name, file, columns=self.columns, required=self.required, what=self.what,
                max_rows=LARGE_MAX_ROWS, max_bytes=LARGE_MAX_BYTES,
            )
        )  # fmt: skip
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            yield batch

    def check_rows(self, rows: list, seen: dict | None = None) -> Checked:
        """The import's own checks, then its duplicates (`seen`: the keys of the file's earlier
        batches, by row number, for each kind of duplicate)."""
        checked = self.check(rows)
        if not self.duplicates:
            return checked
        seen = {} if seen is None else seen
        for n, duplicates in enumerate(self.duplicates):
            flag_duplicates(rows, duplicates, seen.setdefault(n, {}))
        return Checked(rows=rows, problems=[p for r in rows for p in r.problems])

    def rows_from(self, kept: list[dict]) -> list:
        """The rows as the preview kept them (in the session)."""
        return [self.row(number=r["number"], cells=r["cells"]) for r in kept]


_imports: dict[str, Import] = {}
_after_import: dict[str, list[Callable]] = {}


def register(declared: Import) -> None:
    """Declare an import (from its app's AppConfig.ready())."""
    _imports[declared.kind] = declared


def imports() -> list[Import]:
    return sorted(_imports.values(), key=lambda i: (i.folder_order, i.kind))


def import_of(kind: str) -> Import | None:
    return _imports.get(kind)


def when_imported(kind: str, callback: Callable) -> None:
    """Let an app above react to an import of this kind: `callback(run)` runs in the import's
    transaction once its rows are written (the Signs of Safety figures follow the children)."""
    if callback not in _after_import.setdefault(kind, []):
        _after_import[kind].append(callback)


def after_import(run) -> None:
    for callback in _after_import.get(run.kind, []):
        callback(run)


# The key on a staff import's run (`run.changes`) of what the people it switched off still have
# open, one line each, added by the apps that hold that work (`when_imported("staff", ...)`).
TO_REALLOCATE = "to reallocate"


def switched_off(run) -> list:
    """The people a staff import switched off (for the apps listing their open work)."""
    from bexley_qa.people.models import User

    staff_ids = run.changes.get("switched off", [])
    return list(User.objects.filter(staff_id__in=staff_ids).order_by("last_name", "first_name"))


def to_reallocate(run, lines: list[str]) -> None:
    """Add lines of open work to the run's list, saved with it."""
    if lines:
        run.changes.setdefault(TO_REALLOCATE, []).extend(lines)
        run.save(update_fields=["changes"])
