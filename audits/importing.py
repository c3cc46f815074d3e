"""The allocation spreadsheet, declared once for the one import framework (`ALLOCATIONS`): its
columns, its rows and their checks (the preview). Writing the rows, all of them or none, is a
service: services.allocation.allocations_write.

Business support keep allocations in a spreadsheet with the columns Auditor, Case ID, Allocated
worker, Staying Together worker (optional), Audit type (optional, default routine), Theme
(optional but for a thematic audit: a core area of practice or "Other: ...") and Meeting date
(optional). People are named by email address or by an unambiguous full name.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from openpyxl import Workbook

from bexley_qa.importing import Checked, Import, Problem, parse_date
from bexley_qa.people.access import can_allocate
from bexley_qa.people.models import Child, User

from .models import Audit, AuditKind, Theme, theme_errors
from .selectors import allocation_problems, recent_audit_of
from .services.allocation import allocations_write, lock_children

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
            row.meeting_date = parse_date(meeting_text)
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
                child=row.child, auditor=row.auditor, practitioner=worker, kind=row.kind
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


def _template_file() -> tuple[bytes, str, str]:
    return (
        template_workbook(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "allocation-template.xlsx",
    )


def _describe(row: Row) -> str:
    note = f" (warning: {row.warning})" if row.warning else ""
    return f"case {row.child.case_id} to {row.auditor}{note}"


def _allocated(run) -> str:
    count = run.summary.get("allocated", 0)
    return (
        f"{count} audit{'s' if count != 1 else ''} allocated. "
        "We have emailed each auditor, practitioner and manager."
    )


ALLOCATIONS = Import(
    kind="allocations",
    label="Allocations",
    title="Import allocations",
    noun=("allocation", "allocations"),
    columns=COLUMNS,
    required=REQUIRED,
    row=Row,
    check=check,
    write=allocations_write,
    lock=lock_children,
    may=can_allocate,
    intro="audits/import_intro.html",
    preview="audits/import_rows.html",
    outcomes=("allocated",),
    file_label="Allocation spreadsheet",
    file_hint="An Excel (.xlsx) or CSV file of no more than 5 MB, with the columns of the template.",
    template_file=_template_file,
    template_link="Download the template spreadsheet (with examples, and the themes to choose from)",
    back=("audits:allocations", "Back to audits"),
    done="audits:allocations",
    done_message=_allocated,
    describe=_describe,
    needs_actor=True,
)
