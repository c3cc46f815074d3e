"""The case system's two exports, read and checked row by row (the preview); importing them, all
rows or none, is a service (services.children_import, services.measures_import).

- Children ("Core Data"): Case ID, First name, Last name, Date of birth, Gender, Ethnicity,
  First language, Team, Allocated worker (email), Staying Together worker (email, optional),
  Plan type, Referral date, Status (Open or Closed) and Closed date (optional).
- Measures: Case ID, Measure, Date completed.

Both are read through the one import framework (bexley_qa/importing.py): bounded, streamed,
problems by row and column.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models.functions import Lower
from django.utils import timezone

from bexley_qa.importing import (
    LARGE_MAX_BYTES,
    LARGE_MAX_ROWS,
    Checked,
    Problem,
    choice,
    parse_date,
    read_rows,
)
from bexley_qa.people import lines
from bexley_qa.people.models import Child, Ethnicity, Gender, PlanType, RoleCode, Team, User

from .models import CHILD_CHANGES, SHORT_LABELS, Measure, MeasureCompletion

CHILD_COLUMNS = (
    "Case ID", "First name", "Last name", "Date of birth", "Gender", "Ethnicity",
    "First language", "Team", "Allocated worker", "Staying Together worker", "Plan type",
    "Referral date", "Status", "Closed date",
)  # fmt: skip
CHILD_REQUIRED = (
    "Case ID", "First name", "Last name", "Date of birth", "Gender", "Ethnicity", "Team",
    "Allocated worker", "Plan type", "Referral date", "Status",
)  # fmt: skip
MEASURE_COLUMNS = ("Case ID", "Measure", "Date completed")
# What the children import reports for each row.
NEW, MOVED, NEW_WORKER, CLOSED, REOPENED, UPDATED, UNCHANGED = CHANGES = CHILD_CHANGES
# A measure by its code, its name, or its name without "(analysis and judgement)".
MEASURE_NAMES = [
    *Measure.choices,
    *SHORT_LABELS.items(),
    (Measure.WORDS_PICTURES, "Words and pictures"),
]


@dataclass
class ChildRow:
    number: int
    cells: dict[str, str]
    values: dict = field(default_factory=dict)  # the child's fields as they will be saved
    child: Child | None = None  # the child on record, if the case is known
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def change_text(self) -> str:
        return ", ".join(self.changes) or UNCHANGED

    @property
    def change_text_without_details(self) -> str:
        """What business support see: whether a case is new, moves, changes worker or closes
        (all on the child lookup's page), not whether its case-file details differ."""
        return ", ".join(c for c in self.changes if c != UPDATED) or "Ready"


@dataclass
class MeasureRow:
    number: int
    cells: dict[str, str]
    child: Child | None = None
    measure: str = ""
    completed_on: date | None = None
    already: bool = False  # recorded before: importing it again adds nothing
    problems: list[Problem] = field(default_factory=list)

    @property
    def measure_label(self) -> str:
        return Measure(self.measure).label if self.measure else self.cells.get("Measure", "")


def _bounds(large: bool) -> dict:
    """An upload is held to the usual bounds; a whole export from the folder or the command
    line to the larger ones (a county's caseload)."""
    return {"max_rows": LARGE_MAX_ROWS, "max_bytes": LARGE_MAX_BYTES} if large else {}


def read_children(name: str, content: bytes, *, large: bool = False) -> list[ChildRow]:
    return [
        ChildRow(number=n, cells=c)
        for n, c in read_rows(
            name, content, columns=CHILD_COLUMNS, required=CHILD_REQUIRED, what="children",
            **_bounds(large),
        )
    ]  # fmt: skip


def read_measures(name: str, content: bytes, *, large: bool = False) -> list[MeasureRow]:
    return [
        MeasureRow(number=n, cells=c)
        for n, c in read_rows(
            name, content, columns=MEASURE_COLUMNS, required=MEASURE_COLUMNS, what="measures",
            **_bounds(large),
        )
    ]  # fmt: skip


def _problem_adder(row):
    def problem(column: str, message: str) -> None:
        row.problems.append(Problem(row.number, column, message))

    return problem


def _date_cell(row, column: str, problem, *, required: bool = True) -> date | None:
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


def _duplicates(rows, key, column: str, message: str) -> None:
    """A problem on each row whose key an earlier row has: `message` is formatted with the
    earlier row's number (`first`) and the row's cells."""
    seen: dict = {}
    for row in rows:
        if (k := key(row)) is None:
            continue
        if k in seen:
            row.problems.append(
                Problem(row.number, column, message.format(first=seen[k], **_fields(row.cells)))
            )
        else:
            seen[k] = row.number


def _fields(cells: dict[str, str]) -> dict[str, str]:
    return {column.lower().replace(" ", "_"): value for column, value in cells.items()}


def check_children(rows: list[ChildRow]) -> Checked:
    """Every row resolved against the organisation and the children on record, every problem by
    row and column, and each row's changes (new, moved team, new worker, closed...)."""
    case_ids = {r.cells.get("Case ID", "") for r in rows}
    children = {c.case_id: c for c in Child.objects.filter(case_id__in=case_ids)}
    teams = {t.name.lower(): t for t in Team.objects.all()}
    emails = {
        r.cells.get(c, "").lower()
        for r in rows
        for c in ("Allocated worker", "Staying Together worker")
    } - {""}
    people = {
        u.email_lower: u
        for u in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .prefetch_related("role_grants")
    }
    for row in rows:
        problem = _problem_adder(row)
        cells = row.cells
        for column in CHILD_REQUIRED:
            if not cells.get(column) and column not in ("Date of birth", "Referral date"):
                problem(column, f"{column} is empty")
        for column in ("First name", "Last name", "First language"):
            if len(cells.get(column, "")) > 100:
                problem(column, f"{column} must be 100 characters or fewer")
        case_id = cells.get("Case ID", "")
        if len(case_id) > 20:
            problem("Case ID", "Case ID must be 20 characters or fewer")
        row.child = children.get(case_id)
        if row.child is not None and row.child.anonymised_at:
            problem(
                "Case ID", f"Case {case_id}'s records were anonymised under the retention schedule"
            )
        values = {
            "first_name": cells.get("First name", ""),
            "last_name": cells.get("Last name", ""),
            "first_language": cells.get("First language", "") or "English",
            "date_of_birth": _date_cell(row, "Date of birth", problem),
            "referral_date": _date_cell(row, "Referral date", problem),
        }
        for column, key, choices in (
            ("Gender", "gender", Gender.choices),
            ("Ethnicity", "ethnicity", Ethnicity.choices),
            ("Plan type", "plan_type", PlanType.choices),
        ):
            if cells.get(column):
                values[key] = choice(cells[column], choices)
                if values[key] is None:
                    problem(column, _choice_help(column, choices))
        team = teams.get(cells.get("Team", "").lower()) if cells.get("Team") else None
        if cells.get("Team") and team is None:
            problem("Team", f"There is no team called {cells['Team']}")
        values["team"] = team
        worker = _person(cells.get("Allocated worker", ""), "Allocated worker", people, problem)
        if worker is not None:
            if not lines.holds(worker, lines.CASELOAD):
                problem("Allocated worker", f"{worker} is not a practitioner")
            elif team is not None and worker.team_id != team.pk:
                problem("Allocated worker", f"{worker} is not in the team {team.name}")
        values["allocated_worker"] = worker
        st_worker = _person(
            cells.get("Staying Together worker", ""), "Staying Together worker", people, problem
        )
        if st_worker is not None and not st_worker.has_role(RoleCode.STAYING_TOGETHER_WORKER):
            problem("Staying Together worker", f"{st_worker} is not a Staying Together worker")
        values["staying_together_worker"] = st_worker
        status = cells.get("Status", "").lower()
        if status and status not in ("open", "closed"):
            problem("Status", "Status must be Open or Closed")
        values["is_open"] = status != "closed"
        closed_on = _date_cell(row, "Closed date", problem, required=False)
        if closed_on and values["is_open"]:
            problem("Closed date", "An open case has no closed date: leave it empty")
        if not values["is_open"]:
            if closed_on is None and not row.problems:
                # The day an export first shows it closed (kept if it was closed already).
                closed_on = (
                    row.child.closed_on
                    if row.child and not row.child.is_open and row.child.closed_on
                    else timezone.localdate()
                )
            if closed_on and values["referral_date"] and closed_on < values["referral_date"]:
                problem("Closed date", "Closed date must not be before the referral date")
        values["closed_on"] = closed_on if not values["is_open"] else None
        if row.child is None and not values["is_open"] and case_id:
            # A closed case the app does not hold is not added: the dashboard counts open
            # cases, and it may be one whose records were anonymised under the retention schedule.
            problem(
                "Status", f"Case {case_id} is closed and not in the app: only open cases are added"
            )
        row.values = values
        if not row.problems:
            row.changes = _changes(row.child, values)
    _duplicates(
        rows,
        key=lambda r: r.cells.get("Case ID") or None,
        column="Case ID",
        message="Case {case_id} is also on row {first}: list each child once",
    )
    return Checked(rows=rows, problems=[p for r in rows for p in r.problems])


def _choice_help(column: str, choices) -> str:
    if column == "Ethnicity":
        return "Ethnicity must be a Department for Education code (like WBRI) or its name"
    return f"{column} must be one of: {', '.join(label for _, label in choices)}"


def _person(email: str, column: str, people: dict, problem) -> User | None:
    if not email:
        return None
    if "@" not in email:
        problem(column, f"{column} must be an email address")
        return None
    person = people.get(email.lower())
    if person is None:
        problem(column, f"No one in the system has the email address {email}")
    elif not person.is_active:
        problem(column, f"{person}'s account is switched off")
        return None
    return person


def _changes(child: Child | None, values: dict) -> list[str]:
    if child is None:
        return [NEW]
    changes = []
    if child.team_id != values["team"].pk:
        changes.append(MOVED)
    if child.allocated_worker_id != values["allocated_worker"].pk:
        changes.append(NEW_WORKER)
    if child.is_open and not values["is_open"]:
        changes.append(CLOSED)
    if not child.is_open and values["is_open"]:
        changes.append(REOPENED)
    rest = {
        k: v
        for k, v in values.items()
        if k not in ("team", "allocated_worker", "is_open", "closed_on")
    }
    if any(_stored(v) != getattr(child, _attname(k)) for k, v in rest.items()):
        changes.append(UPDATED)
    return changes


def _attname(key: str) -> str:
    return f"{key}_id" if key == "staying_together_worker" else key


def _stored(value):
    return value.pk if isinstance(value, User) else value


def check_measures(rows: list[MeasureRow]) -> Checked:
    """Every row resolved: the case, the measure, the date (not in the future, not before the
    case's referral); rows already recorded are marked, and import nothing again."""
    case_ids = {r.cells.get("Case ID", "") for r in rows}
    children = {c.case_id: c for c in Child.objects.filter(case_id__in=case_ids)}
    recorded = set(
        MeasureCompletion.objects.filter(child__case_id__in=case_ids).values_list(
            "child_id", "measure", "completed_on"
        )
    )
    for row in rows:
        problem = _problem_adder(row)
        case_id = row.cells.get("Case ID", "")
        if not case_id:
            problem("Case ID", "Case ID is empty")
        else:
            row.child = children.get(case_id)
            if row.child is None:
                problem("Case ID", f"There is no case with ID {case_id}")
            elif row.child.anonymised_at:
                problem(
                    "Case ID",
                    f"Case {case_id}'s records were anonymised under the retention schedule",
                )
        name = row.cells.get("Measure", "")
        if not name:
            problem("Measure", "Measure is empty")
        else:
            row.measure = choice(name, MEASURE_NAMES) or ""
            if not row.measure:
                problem(
                    "Measure",
                    f"There is no measure called {name}: use one of "
                    + ", ".join(SHORT_LABELS.values()),
                )
        row.completed_on = _date_cell(row, "Date completed", problem)
        # The case's own dates are not repeated here: business support see this page.
        if row.child and row.completed_on and row.completed_on < row.child.referral_date:
            problem("Date completed", "Date completed is before the case's referral date")
        elif (
            row.child
            and row.completed_on
            and not row.child.is_open
            and (row.child.closed_on is None or row.completed_on > row.child.closed_on)
        ):
            problem("Date completed", "The case was closed before this date")
        if not row.problems:
            row.already = (row.child.pk, row.measure, row.completed_on) in recorded
    _duplicates(
        [r for r in rows if not r.problems],
        key=lambda r: (r.child.pk, r.measure, r.completed_on),
        column="",
        message="The same measure and date for this case is also on row {first}",
    )
    return Checked(rows=rows, problems=[p for r in rows for p in r.problems])
