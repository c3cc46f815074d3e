"""Staff and teams from the council's HR or case system file, through the one import framework
(bexley_qa/importing.py): PSQA upload it (or run `manage.py import_staff FILE --as USERNAME`),
see each person's change in the preview, and confirm; all rows or none.

Columns: Staff ID, First name, Last name, Email, Job title, Team, Service, Roles (the role names
as the product shows them, separated by ";"), Active (Yes or No). People are matched by Staff ID,
then by email (an account made by hand gets its Staff ID). Teams and services not yet known are
created (the preview says which). The file also places the line over each team, which the
emails, reports and who sees which children follow: a team manager is made a manager of their
Team; a service manager, head of service or assistant director with a Service and no Team is made
that service's (a head of service or assistant director in place of the one before). Lines are
only added: taking someone off one is done on People and teams. A person marked not active is switched off, never deleted; the
apps above list their open work on the run's page (`when_imported("staff", ...)`) for PSQA to
reallocate. The same file twice changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower

from bexley_qa.importing import Checked, Duplicates, Import, choice, problem_adder

from . import lines as lines_
from .access import can_manage_people
from .models import RoleCode, Service, Team, User, UserRole

STAFF_COLUMNS = (
    "Staff ID", "First name", "Last name", "Email", "Job title", "Team", "Service", "Roles",
    "Active",
)  # fmt: skip
STAFF_REQUIRED = ("Staff ID", "First name", "Last name", "Email", "Roles", "Active")
# What the import reports for each person, in the one order the pages show it.
CHANGES = (
    "new", "switched off", "switched back on", "roles changed", "moved team",
    "now over a team or service", "details updated", "not added (not active)", "unchanged",
)  # fmt: skip
NEW, OFF, ON, ROLES, MOVED, LINE, UPDATED, LEFT_BEFORE, UNCHANGED = CHANGES
# The service fields that hold the one person of a role over a service (lines.ONE_PER_SERVICE).
ONE_FIELD = dict(
    zip(lines_.ONE_PER_SERVICE, ("head_of_service", "assistant_director"), strict=True)
)
YES, NO = ("yes", "y", "true", "1", "active"), ("no", "n", "false", "0", "inactive", "left")
# The longest each text column may be: the person's record's own limits.
TEXT_LIMITS = {
    column: User._meta.get_field(name).max_length
    for column, name in (
        ("Staff ID", "staff_id"), ("First name", "first_name"), ("Last name", "last_name"),
        ("Email", "email"), ("Job title", "job_title"),
    )
} | {"Team": Team._meta.get_field("name").max_length,
     "Service": Service._meta.get_field("name").max_length}  # fmt: skip


@dataclass
class StaffRow:
    number: int
    cells: dict[str, str]
    person: User | None = None  # on record, matched by Staff ID or email
    roles: list[str] = field(default_factory=list)
    active: bool = True
    team: Team | None = None  # known already
    new_team: tuple[str, str] | None = None  # (team, service) to create
    new_service: str = ""
    service: Service | None = None  # known already: the one a service-level person is over
    lines: list[tuple[str, str]] = field(default_factory=list)  # (role, what) to add
    changes: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def change_text(self) -> str:
        if self.changes == [LEFT_BEFORE]:
            return LEFT_BEFORE
        new_places = [f"new team {self.new_team[0]}"] if self.new_team else []
        if self.new_service:
            new_places.append(f"new service {self.new_service}")
        changes = [c for c in self.changes if c != LINE]
        lines = [what for _, what in self.lines]
        return ", ".join([*changes, *new_places, *lines]) or UNCHANGED


ROLE_NAMES = ", ".join(label for _, label in RoleCode.choices)


def check_staff(rows: list[StaffRow]) -> Checked:
    """Every row resolved against the people, teams and services on record, each problem by row
    and column, and each person's changes."""
    staff_ids = {r.cells.get("Staff ID", "") for r in rows} - {""}
    emails = {r.cells.get("Email", "").lower() for r in rows} - {""}
    by_staff_id = {u.staff_id: u for u in User.objects.filter(staff_id__in=staff_ids)}
    by_email = {
        u.email_lower: u
        for u in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    people = {u.pk for u in (*by_staff_id.values(), *by_email.values())}
    roles_of: dict[int, set[str]] = {}
    for user_id, role in UserRole.objects.filter(user__in=people).values_list("user", "role"):
        roles_of.setdefault(user_id, set()).add(role)
    teams = {
        t.name.lower(): t
        for t in Team.objects.select_related("service").prefetch_related("managers")
    }
    services = {s.name.lower(): s for s in Service.objects.prefetch_related("managers")}
    for row in rows:
        problem = problem_adder(row)
        cells = row.cells
        for column in STAFF_REQUIRED:
            if not cells.get(column):
                problem(column, f"{column} is empty")
        for column, limit in TEXT_LIMITS.items():
            if len(cells.get(column, "")) > limit:
                problem(column, f"{column} must be {limit} characters or fewer")
        if (email := cells.get("Email", "")) and not _is_email(email):
            problem("Email", f"{email} is not an email address")
        _check_roles(row, problem)
        active = cells.get("Active", "").strip().lower()
        if active and active not in YES + NO:
            problem("Active", "Active must be Yes or No")
        row.active = active not in NO
        _check_place(row, problem, teams, services)
        row.person = _match(row, problem, by_staff_id, by_email)
        if not row.problems:
            row.lines = _lines(row)
            row.changes = _changes(row, roles_of.get(row.person.pk, set()) if row.person else set())
    _one_head_each(rows)
    return Checked(rows=rows, problems=[p for r in rows for p in r.problems])


def _lines(row: StaffRow) -> list[tuple[str, str]]:
    """The lines the row places the person in that they are not in already."""
    if not row.active:
        return []
    person = row.person
    lines = []
    team_name = row.team.name if row.team else row.new_team[0] if row.new_team else ""
    lead = next((role for role in lines_.TEAM_LEADS if role in row.roles), None)
    managing = lead and team_name
    if managing and (row.team is None or person is None or person not in row.team.managers.all()):
        lines.append((lead, f"manages team {team_name}"))
    if team_name:  # the Service column names the team's service, not one they are over
        return lines
    service = row.service
    service_name = service.name if service else row.new_service
    for role in lines_.SERVICE_LINE:
        if role not in row.roles or not service_name:
            continue
        held = (
            service is not None
            and person is not None
            and (
                getattr(service, f"{ONE_FIELD[role]}_id") == person.pk
                if role in ONE_FIELD
                else person in service.managers.all()
            )
        )
        if not held:
            lines.append((role, f"{RoleCode(role).label.lower()} of {service_name}"))
    return lines


def _one_head_each(rows: list[StaffRow]) -> None:
    """A service has one head of service and one assistant director: two rows naming it refused."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        service = (row.service.name if row.service else row.new_service).lower()
        for role in lines_.ONE_PER_SERVICE:
            if not service or role not in row.roles or not row.active or row.team or row.new_team:
                continue
            if (role, service) in seen:
                problem_adder(row)(
                    "Service",
                    f"Row {seen[role, service]} is the {RoleCode(role).label.lower()} of "
                    f"{row.cells['Service']} too: a service has one",
                )
            else:
                seen[role, service] = row.number


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _check_roles(row: StaffRow, problem) -> None:
    for name in (n.strip() for n in row.cells.get("Roles", "").split(";")):
        if not name:
            continue
        role = choice(name, RoleCode.choices)
        if role is None:
            problem("Roles", f"There is no role called {name}: use {ROLE_NAMES}")
        elif role not in row.roles:
            row.roles.append(role)


def _check_place(row: StaffRow, problem, teams: dict, services: dict) -> None:
    """The person's team: known, or new in a service that is named (known or new); with no team,
    the service a service manager, head of service or assistant director is over."""
    team_name, service_name = row.cells.get("Team", ""), row.cells.get("Service", "")
    if not team_name:
        if service_name and set(row.roles) & set(lines_.SERVICE_LINE):
            row.service = services.get(service_name.lower())
            row.new_service = "" if row.service else service_name
        return
    team = teams.get(team_name.lower())
    if team is not None:
        if service_name and service_name.lower() != team.service.name.lower():
            problem(
                "Service", f"The team {team.name} is in {team.service.name}, not {service_name}"
            )
        row.team = team
    elif not service_name:
        problem("Service", f"{team_name} is a new team: say which service it is in")
    else:
        row.new_team = (team_name, service_name)
        if service_name.lower() not in services:
            row.new_service = service_name


def _match(row: StaffRow, problem, by_staff_id: dict, by_email: dict) -> User | None:
    staff_id, email = row.cells.get("Staff ID", ""), row.cells.get("Email", "").lower()
    person = by_staff_id.get(staff_id)
    holder = by_email.get(email)
    if person is None:
        person = holder
        if person is not None and person.staff_id and person.staff_id != staff_id:
            problem("Email", f"{row.cells['Email']} belongs to Staff ID {person.staff_id}")
            return None
    elif holder is not None and holder.pk != person.pk:
        problem("Email", f"{row.cells['Email']} belongs to someone else ({holder})")
        return None
    if person is not None and person.is_superuser:
        problem("Email", "Technical support accounts are kept in the Django admin")
        return None
    return person


def _changes(row: StaffRow, roles: set[str]) -> list[str]:
    person = row.person
    if person is None:
        # A leaver the service never held (HR files list them): no account is made for them.
        return ([NEW, LINE] if row.lines else [NEW]) if row.active else [LEFT_BEFORE]
    changes = []
    if person.is_active and not row.active:
        changes.append(OFF)
    if not person.is_active and row.active:
        changes.append(ON)
    if set(row.roles) != roles:
        changes.append(ROLES)
    if row.new_team or (row.team and row.team.pk != person.team_id):
        changes.append(MOVED)
    if row.lines:
        changes.append(LINE)
    cells = row.cells
    if (person.first_name, person.last_name, person.email, person.job_title, person.staff_id) != (
        cells["First name"], cells["Last name"], cells["Email"], cells.get("Job title", ""),
        cells["Staff ID"],
    ):  # fmt: skip
        changes.append(UPDATED)
    return changes


def lock_staff(rows: list[StaffRow]) -> None:
    """The people the rows name, locked before they are checked again."""
    staff_ids = [r.cells.get("Staff ID", "") for r in rows]
    list(User.objects.select_for_update().filter(staff_id__in=staff_ids).order_by("pk"))


def write_staff(*, checked: Checked, actor, run) -> dict:
    """Create the new services and teams, then each new person and each changed one with exactly
    the roles the file gives; a person not active is switched off (never deleted). The run keeps
    the Staff IDs of each kind of change."""
    from bexley_qa.importing import ImportRefused, Problem

    from .services import free_username, set_roles

    for row in checked.rows:  # as on the person's own page: PSQA cannot lock themselves out
        if actor is None or row.person is None or row.person.pk != actor.pk:
            continue
        if not row.active:
            row.problems.append(
                Problem(row.number, "Active", "You cannot switch off your own account")
            )
        elif RoleCode.PSQA not in row.roles:
            row.problems.append(
                Problem(row.number, "Roles", "You cannot take away your own PSQA role")
            )
        checked.problems += row.problems
    if checked.problems:
        raise ImportRefused(checked)
    services = {s.name.lower(): s for s in Service.objects.all()}
    teams = {t.name.lower(): t for t in Team.objects.all()}
    summary = dict.fromkeys(CHANGES, 0)
    for row in checked.rows:
        for change in row.changes or [UNCHANGED]:
            summary[change] += 1
            if change != UNCHANGED:
                run.changes.setdefault(change, []).append(row.cells["Staff ID"])
        if not row.changes or row.changes == [LEFT_BEFORE]:
            continue
        if row.new_service and not row.new_team:  # a service-level person's new service
            if row.new_service.lower() not in services:
                services[row.new_service.lower()] = Service.objects.create(name=row.new_service)
            row.service = services[row.new_service.lower()]
        if row.new_team:
            name, service_name = row.new_team
            if service_name.lower() not in services:
                services[service_name.lower()] = Service.objects.create(name=service_name)
            if name.lower() not in teams:
                teams[name.lower()] = Team.objects.create(
                    name=name, service=services[service_name.lower()]
                )
            row.team = teams[name.lower()]
        person = row.person or User(username=free_username(row.cells["Email"]))
        if row.person is None:
            person.set_unusable_password()
        person.staff_id = row.cells["Staff ID"]
        person.first_name, person.last_name = row.cells["First name"], row.cells["Last name"]
        person.email, person.job_title = row.cells["Email"], row.cells.get("Job title", "")
        if row.team is not None:
            person.team = row.team
        person.is_active = row.active
        person.is_staff = False
        person.save()
        set_roles(person, row.roles)
        _place_in_lines(row, person)
    return {what: count for what, count in summary.items() if count}


def _place_in_lines(row: StaffRow, person: User) -> None:
    """The lines the row adds (checked already): each in the change history as any edit is."""
    for role, _ in row.lines:
        if role in lines_.TEAM_LEADS:
            row.team.managers.add(person)
        elif role in ONE_FIELD:
            setattr(row.service, ONE_FIELD[role], person)
            row.service.save(update_fields=[ONE_FIELD[role]])
        else:
            row.service.managers.add(person)


STAFF = Import(
    kind="staff",
    label="Staff and teams",
    title="Import staff and teams",
    noun=("person", "people"),
    columns=STAFF_COLUMNS,
    required=STAFF_REQUIRED,
    row=StaffRow,
    check=check_staff,
    write=write_staff,
    lock=lock_staff,
    duplicates=(
        Duplicates(
            key=lambda r: r.cells.get("Staff ID") or None,
            column="Staff ID",
            message="Staff ID {staff_id} is also on row {first}: list each person once",
        ),
        Duplicates(
            key=lambda r: r.cells.get("Email", "").lower() or None,
            column="Email",
            message="{email} is also on row {first}: one row each",
        ),
    ),
    may=can_manage_people,
    intro="people/staff_import_intro.html",
    preview="people/staff_import_rows.html",
    outcomes=CHANGES,
    file_label="Staff file",
    file_hint="An Excel (.xlsx) or CSV file of no more than 5 MB and 5,000 rows.",
    describe=lambda row: f"{row.cells['Staff ID']}: {row.change_text}",
    needs_actor=True,
    ids="Staff IDs",
    context=lambda user: {"role_choices": RoleCode.choices},
    folder_order=5,
)
