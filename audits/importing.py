"""The allocation spreadsheet: read it and check every row (the preview). Importing the rows,
all of them or none, is a service: services.allocation.allocations_import.

Business support keep allocations in a spreadsheet with the columns Auditor, Case ID, Allocated
worker, Staying Together worker (optional), Audit type (optional, default routine), Theme
(optional but for a thematic audit: a core area of practice or "Other: ...") and Meeting date
(optional). People are named by email address or by an unambiguous full name.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.db.models import Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from bexley_qa.people.models import Child, User

from .models import Audit, AuditKind, Theme, theme_errors
from .selectors import allocation_problems, recent_audit_of

# Bounds on what a file may hold, so that no upload can take the server's memory or time: it is
# read as a stream and refused as soon as it passes one of them. The page lists the first
# SHOWN_PROBLEMS problems of a refused file, with how many there are in all.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 30
MAX_CELL_CHARACTERS = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
SHOWN_PROBLEMS = 100
COLUMNS = (
    "Auditor",
    "Case ID",
    "Allocated worker",
    "Staying Together worker",
    "Audit type",
    "Theme",
    "Meeting date",
)
REQUIRED = ("Auditor", "Case ID", "Allocated worker")
KINDS = {label.lower(): value for value, label in AuditKind.choices} | {
    value.replace("_", " "): value for value in AuditKind.values
}


# A theme is one of the seven core areas, by its name (or its code), or "Other: <what it is>".
THEMES = {" ".join(label.lower().split()): value for value, label in Theme.choices} | {
    value: value for value in Theme.values
}
THEME_HELP = "one of the seven core areas of practice (see the Themes sheet of the template), or ‘Other: ’ and what it is"


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
class Row:
    number: int
    cells: dict[str, str]
    child: Child | None = None
    auditor: User | None = None
    kind: str = AuditKind.ROUTINE
    theme: str = ""
    theme_other: str = ""
    meeting_date: date | None = None
    warning: str = ""
    problems: list["Problem"] = field(default_factory=list)
    audit: Audit | None = None  # once imported

    @property
    def kind_label(self) -> str:
        return AuditKind(self.kind).label

    @property
    def theme_label(self) -> str:
        """The theme as the preview shows it (what the audit will say)."""
        if self.theme == Theme.OTHER:
            return f"Other: {self.theme_other}"
        return Theme(self.theme).label if self.theme else ""


@dataclass
class Checked:
    rows: list[Row]
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
    def shown_rows(self) -> list[Row]:
        """Every row of a file ready to import; of a refused one, the rows of the problems shown."""
        if not self.problems:
            return self.rows
        numbers = {problem.row for problem in self.shown_problems}
        return [row for row in self.rows if row.number in numbers]


def read(name: str, content: bytes) -> list[Row]:
    """The rows of an .xlsx or .csv file, keyed by column; ImportFileError if it cannot be read."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ImportFileError("The file must be an Excel spreadsheet (.xlsx) or a CSV file (.csv)")
    if len(content) > MAX_BYTES:
        raise ImportFileError("The file must be smaller than 5 MB")
    try:
        table = _read_xlsx(content) if suffix == ".xlsx" else _read_csv(content)
        header_values = next(table, None)
        if not header_values:
            raise ImportFileError("The file is empty")
        header = [str(cell or "").strip().lower() for cell in _bounded(header_values, 1)]
        missing = [column for column in REQUIRED if column.lower() not in header]
        if missing:
            raise ImportFileError(
                f"Row 1 must have the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                "(download the template to see them all)"
            )
        index = {c: header.index(c.lower()) for c in COLUMNS if c.lower() in header}
        rows = []
        for number, values in enumerate(table, start=2):
            if number > MAX_ROWS + 1:
                raise ImportFileError(
                    f"The file has more than {MAX_ROWS:,} rows: split it into smaller files"
                )
            values = _bounded(values, number)
            cells = {
                column: _text(values[i]) if i < len(values) else "" for column, i in index.items()
            }
            if any(cells.values()):
                rows.append(Row(number=number, cells=cells))
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means the same to the user
        raise ImportFileError(
            f"The file could not be read as {suffix[1:].upper()}: is it damaged?"
        ) from error
    if not rows:
        raise ImportFileError("The file has a header row but no allocations below it")
    return rows


def _bounded(values, number: int) -> list:
    """A row's cells, refused if it has too many columns or too long a cell."""
    values = list(values)
    if any(_text(value) for value in values[MAX_COLUMNS:]):
        raise ImportFileError(
            f"Row {number} has more than {MAX_COLUMNS} columns: keep only the allocation columns"
        )
    for value in values[:MAX_COLUMNS]:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
            raise ImportFileError(
                f"Row {number} has a cell longer than {MAX_CELL_CHARACTERS} characters: "
                "is it the right file?"
            )
    return values[:MAX_COLUMNS]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()  # a date cell in Excel
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a case ID typed as a number
    return str(value).strip()


def _read_xlsx(content: bytes) -> Iterator[tuple]:
    """The first sheet's rows, one at a time, each at most one column past MAX_COLUMNS (so a sheet
    that declares 16,384 columns costs no more than one that declares 31). An .xlsx is a zip: one
    that unpacks to more than MAX_UNPACKED_BYTES (millions of shared strings, say) is refused
    before it is read."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(item.file_size for item in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                "The spreadsheet is too large once unpacked: keep only the allocations in it"
            )
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    yield from workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)


def _read_csv(content: bytes) -> Iterator[list[str]]:
    yield from csv.reader(io.StringIO(content.decode("utf-8-sig")))


def check(rows: list[Row]) -> Checked:
    """Resolve every row and list every problem by row and column, in plain English."""
    result = Checked(rows=rows)
    people = _PeopleFinder(
        [
            r.cells.get(c, "")
            for r in rows
            for c in ("Auditor", "Allocated worker", "Staying Together worker")
        ]
    )
    case_ids = {r.cells.get("Case ID", "") for r in rows}
    children = {
        c.case_id: c
        for c in Child.objects.filter(case_id__in=case_ids).select_related(
            "team", "allocated_worker", "staying_together_worker"
        )
    }
    seen: dict[str, int] = {}
    for row in rows:
        problems = []

        def problem(column, message, _problems=problems, _row=row):
            _problems.append(Problem(_row.number, column, message))

        for column in REQUIRED:
            if not row.cells.get(column):
                problem(column, f"{column} is empty")
        case_id = row.cells.get("Case ID", "")
        if case_id:
            row.child = children.get(case_id)
            if row.child is None:
                problem("Case ID", f"There is no case with ID {case_id}")
            elif case_id in seen:
                problem(
                    "Case ID", f"Case {case_id} is also on row {seen[case_id]}: allocate it once"
                )
            seen.setdefault(case_id, row.number)
        row.auditor = people.find(row.cells.get("Auditor", ""), "Auditor", problem)
        worker = people.find(row.cells.get("Allocated worker", ""), "Allocated worker", problem)
        st_name = row.cells.get("Staying Together worker", "")
        st_worker = people.find(st_name, "Staying Together worker", problem)
        kind_text = row.cells.get("Audit type", "").strip().lower()
        if kind_text:
            if kind_text in KINDS:
                row.kind = KINDS[kind_text]
            else:
                problem(
                    "Audit type",
                    "Audit type must be Routine, Thematic, Practice Week or Multi-agency",
                )
        if meeting_text := row.cells.get("Meeting date", ""):
            row.meeting_date = _date(meeting_text)
            if row.meeting_date is None:
                problem("Meeting date", "Meeting date must be a real date, like 3/12/2026")
            elif row.meeting_date < timezone.localdate():
                problem("Meeting date", "Meeting date must be today or in the future")
        row.theme, row.theme_other = _theme(row.cells.get("Theme", ""))
        if row.theme is None:
            problem("Theme", f"Theme must be {THEME_HELP}")
        else:
            for message in theme_errors(row.theme, row.theme_other, kind=row.kind).values():
                problem("Theme", message)
        if row.child is not None and seen[case_id] == row.number:
            for column, message in allocation_problems(
                child=row.child, auditor=row.auditor, practitioner=worker
            ).items():
                problem(
                    {"child": "Case ID", "auditor": "Auditor", "practitioner": "Allocated worker"}[
                        column
                    ],
                    message,
                )
            if st_name and st_worker and st_worker.pk != row.child.staying_together_worker_id:
                problem(
                    "Staying Together worker",
                    f"{st_worker} is not the Staying Together worker on the case record"
                    + (
                        f" ({row.child.staying_together_worker} is)"
                        if row.child.staying_together_worker
                        else ""
                    ),
                )
            if previous := recent_audit_of(row.child):
                row.warning = f"Audited {previous.allocated_at:%-d %B %Y}, less than 12 months ago"
        row.problems = problems
        result.problems.extend(problems)
    return result


def _date(text: str) -> date | None:
    """A date typed as 2026-12-03 or 3/12/2026 (day first, as in the UK); None if it is neither."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _theme(text: str) -> tuple[str | None, str]:
    """The theme and its description from a Theme cell; (None, "") when it is none of them."""
    words = " ".join(text.split())
    if not words:
        return "", ""
    label, _, described = words.partition(":")
    if label.strip().lower() == Theme.OTHER:
        return Theme.OTHER, described.strip()
    return THEMES.get(words.lower()), ""


class _PeopleFinder:
    """Finds staff by email address or full name, in two queries for the whole file."""

    def __init__(self, names: list[str]):
        wanted = {n.strip().lower() for n in names if n.strip()}
        self.by_email = {
            u.email.lower(): u
            for u in User.objects.filter(
                email__in=[n for n in wanted if "@" in n]
            ).prefetch_related("role_grants")
        }
        self.by_name: dict[str, list[User]] = {}
        for user in (
            User.objects.annotate(full=Lower(Concat("first_name", Value(" "), "last_name")))
            .filter(full__in=[" ".join(n.split()) for n in wanted if "@" not in n])
            .prefetch_related("role_grants")
        ):
            self.by_name.setdefault(user.full, []).append(user)

    def find(self, name: str, column: str, problem) -> User | None:
        key = " ".join(name.split()).lower()
        if not key:
            return None
        if "@" in key:
            user = self.by_email.get(key)
            if user is None:
                problem(column, f"No one in the system has the email address {name}")
            return user
        matches = self.by_name.get(key, [])
        if not matches:
            problem(
                column,
                f"No one in the system is called {name}: check the spelling or use their email address",
            )
            return None
        if len(matches) > 1:
            problem(
                column, f"{len(matches)} people are called {name}: use their email address instead"
            )
            return None
        return matches[0]


class ImportRefused(Exception):
    """Checked again on import, some row is wrong now (say, someone allocated one of the cases
    since the preview): nothing was imported; `checked` lists every problem."""

    def __init__(self, checked: Checked):
        super().__init__(f"{len(checked.problems)} problem(s) found: nothing was imported")
        self.checked = checked


def template_workbook() -> bytes:
    """An .xlsx with the header row and one example row, for business support to fill in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Allocations"
    sheet.append(list(COLUMNS))
    sheet.append(["jo.bloggs@example.org", "1000123", "Sam Smith", "", "Routine", "", ""])
    sheet.append(
        ["Alex Khan", "1000456", "sam.jones@example.org", "", "Thematic",
         Theme.SAFETY_PLANNING.label, "3/12/2026"]
    )  # fmt: skip
    for column in "ABCDEFG":
        sheet.column_dimensions[column].width = 26
    themes = workbook.create_sheet("Themes")
    themes.append(["Theme: write one of these, or ‘Other: ’ and what it is"])
    for value, label in Theme.choices:
        if value != Theme.OTHER:
            themes.append([label])
    themes.append(["Other: Neglect"])
    themes.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
