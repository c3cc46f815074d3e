"""The case system's feed: the children's export ("Core Data") read, checked row by row (the
preview) and written, all rows or none, through the one import framework
(bexley_qa/importing.py). It writes the people floor's children, so it lives beside them.

Columns: Case ID, First name, Last name, Date of birth, Gender, Ethnicity, First language, Team,
Allocated worker (email), Staying Together worker (email, optional), Plan type, Referral date,
Status (Open or Closed) and Closed date (optional). Children are created and updated; the same
file twice changes nothing; audits keep the team and workers they had when allocated.
"""

from dataclasses import dataclass, field

from django.db.models.functions import Lower
from django.utils import timezone

from bexley_qa.importing import (
    Checked,
    Duplicates,
    Import,
    Problem,
    choice,
    date_cell,
    problem_adder,
)

from . import lines
from .access import can_open_case_files, can_run_imports
from .models import CASE_ID, Child, Ethnicity, Gender, PlanType, RoleCode, Team, User

CHILD_COLUMNS = (
    "Case ID", "First name", "Last name", "Date of birth", "Gender", "Ethnicity",
    "First language", "Team", "Allocated worker", "Staying Together worker", "Plan type",
    "Referral date", "Status", "Closed date",
)  # fmt: skip
CHILD_REQUIRED = (
    "Case ID", "First name", "Last name", "Date of birth", "Gender", "Ethnicity", "Team",
    "Allocated worker", "Plan type", "Referral date", "Status",
)  # fmt: skip
# What the import reports for each row, in the one order the pages show it.
CHANGES = (
    "new", "moved team", "new worker", "closed", "re-opened", "details updated", "unchanged",
)  # fmt: skip
NEW, MOVED, NEW_WORKER, CLOSED, REOPENED, UPDATED, UNCHANGED = CHANGES


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


# The longest each text column may be: the child's record's own limits.
TEXT_LIMITS = {
    column: Child._meta.get_field(name).max_length
    for column, name in (
        ("Case ID", "case_id"), ("First name", "first_name"), ("Last name", "last_name"),
        ("First language", "first_language"),
    )
}  # fmt: skip


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
        problem = problem_adder(row)
        cells = row.cells
        for column in CHILD_REQUIRED:
            if not cells.get(column) and column not in ("Date of birth", "Referral date"):
                problem(column, f"{column} is empty")
        for column, limit in TEXT_LIMITS.items():
            if len(cells.get(column, "")) > limit:
                problem(column, f"{column} must be {limit} characters or fewer")
        case_id = cells.get("Case ID", "")
        if case_id and not CASE_ID.regex.match(case_id):
            problem("Case ID", CASE_ID.message)
        row.child = children.get(case_id)
        if row.child is not None and row.child.anonymised_at:
            problem(
                "Case ID", f"Case {case_id}'s records were anonymised under the retention schedule"
            )
        values = {
            "first_name": cells.get("First name", ""),
            "last_name": cells.get("Last name", ""),
            "first_language": cells.get("First language", "") or "English",
            "date_of_birth": date_cell(row, "Date of birth", problem),
            "referral_date": date_cell(row, "Referral date", problem),
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
        closed_on = date_cell(row, "Closed date", problem, required=False)
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


def lock_children(rows: list[ChildRow]) -> None:
    """The rows' children, locked before they are checked again: what the check finds stays
    true until every row is written."""
    case_ids = [r.cells.get("Case ID", "") for r in rows]
    list(Child.objects.select_for_update().filter(case_id__in=case_ids).order_by("pk"))


def write_children(*, checked: Checked, actor, run) -> dict:
    """Create the new children and update the changed ones; the run's summary, and the case IDs of
    each kind of change on the run. Children already as the file has them are left alone."""
    new, changed = [], []
    summary = dict.fromkeys(CHANGES, 0)  # in one order everywhere
    for row in checked.rows:
        if NEW in row.changes:
            new.append(Child(case_id=row.cells["Case ID"], **row.values))
        elif row.changes:
            for key, value in row.values.items():
                setattr(row.child, key, value)
            changed.append(row.child)
        for change in row.changes or [UNCHANGED]:
            summary[change] += 1
            if change != UNCHANGED:
                run.changes.setdefault(change, []).append(row.cells["Case ID"])
    Child.objects.bulk_create(new, batch_size=500)
    Child.objects.bulk_update(changed, fields=list(checked.rows[0].values), batch_size=500)
    return {what: count for what, count in summary.items() if count}


CHILDREN = Import(
    kind="children",
    label="Children (core data)",
    title="Import children",
    noun=("child", "children"),
    columns=CHILD_COLUMNS,
    required=CHILD_REQUIRED,
    row=ChildRow,
    check=check_children,
    write=write_children,
    lock=lock_children,
    duplicates=(
        Duplicates(
            key=lambda r: r.cells.get("Case ID") or None,
            column="Case ID",
            message="Case {case_id} is also on row {first}: list each child once",
        ),
    ),
    may=can_run_imports,
    intro="people/feed/children_intro.html",
    preview="people/feed/children_rows.html",
    outcomes=CHANGES,
    outcomes_without_case_files={
        UPDATED: "no move, new worker or closure",
        UNCHANGED: "no move, new worker or closure",
    },
    folder=("children", "core"),
    folder_order=10,  # before the measures, which name the children
    describe=lambda row: f"case {row.cells['Case ID']}: {row.change_text}",
    # Business support see whether a case is new, moves or closes, not its case file's details.
    context=lambda user: {"show_names": can_open_case_files(user)},
)
