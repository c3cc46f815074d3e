"""The one way spreadsheets come in (allocations, children, Signs of Safety measures): read as a
stream with row, column and cell limits, every row checked (problems by row and column, the first
SHOWN_PROBLEMS listed with the total), a preview, then all rows or none in one transaction.

Each import keeps its own columns and checks (`audits/importing.py`, `dashboard/importing.py`);
what they share is here: `read_rows()` gives each non-empty row's cells keyed by column, and
`Checked` holds the rows with their problems.
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

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
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ImportFileError("The file must be an Excel spreadsheet (.xlsx) or a CSV file (.csv)")
    if len(content) > max_bytes:
        raise ImportFileError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
    try:
        table = (
            _read_xlsx(content, what, unpacked=max(MAX_UNPACKED_BYTES, 10 * max_bytes))
            if suffix == ".xlsx"
            else _read_csv(content)
        )
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
        rows = []
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
                rows.append((number, cells))
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means the same to the user
        raise ImportFileError(
            f"The file could not be read as {suffix[1:].upper()}: is it damaged?"
        ) from error
    if not rows:
        raise ImportFileError(f"The file has a header row but no {what} below it")
    return rows


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


def _read_xlsx(content: bytes, what: str, *, unpacked: int) -> Iterator[tuple]:
    """The first sheet's rows, one at a time, each at most one column past MAX_COLUMNS (so a sheet
    that declares 16,384 columns costs no more than one that declares 31). An .xlsx is a zip: one
    that unpacks to more than `unpacked` bytes (millions of shared strings, say) is refused
    before it is read."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(item.file_size for item in archive.infolist()) > unpacked:
            raise ImportFileError(
                f"The spreadsheet is too large once unpacked: keep only the {what} in it"
            )
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    yield from workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)


def _read_csv(content: bytes) -> Iterator[list[str]]:
    yield from csv.reader(io.StringIO(content.decode("utf-8-sig")))


def parse_date(value: str) -> date | None:
    """A date typed as 2026-12-03 or 3/12/2026 (day first, as in the UK); None if it is neither."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None


def choice(value: str, choices) -> str | None:
    """The stored value of a Django choices class named by its value or its label, in any case
    and spacing ("CP", "cp", "Child protection"); None when it is neither."""
    key = " ".join(value.split()).lower()
    for stored, label in choices:
        if key in (str(stored).lower(), " ".join(str(label).split()).lower()):
            return stored
    return None
