"""The organisation's lines, written once: who is over a team or a service, which teams and services
a manager is over, and the named groups of roles.

Every recipient list (who is told of an Inadequate outcome, an escalation, a report), every reader
rule and every analytics scope asks this module; nothing else lists roles together or follows a
team up to its managers. A new role, or a change to who is in a group, is a change here.

The line over a team, nearest first (`LINE`): its team managers, its service's service managers,
the service's head of service, the service's assistant director. A person is in a line when the
organisation records them there (People and teams), their account is on, and they hold the role
they are recorded in: someone who was a team manager and no longer holds the role is over no
team, as they see no team (`teams_managed_by`).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import RoleCode, Service, Team, User, UserRole

# Named groups of roles: the only place roles are listed together ----------------------------------

# Hold a caseload: their own children, self-assessments and actions.
CASELOAD = (RoleCode.PRACTITIONER, RoleCode.STAYING_TOGETHER_WORKER)
# Recorded as managing a team (People and teams): its team managers and assistant team managers.
# An assistant team manager reads and acts on their team's audits as the team manager does (the
# oversight note, the close-off, the team's actions) but audits only if also given a role that
# audits.
TEAM_LEADS = (RoleCode.TEAM_MANAGER, RoleCode.ASSISTANT_TEAM_MANAGER)
# Whose scope is the services they are recorded against (as manager, head or director).
SERVICE_LINE = (
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.ASSISTANT_DIRECTOR,
)
# The line over a team, nearest first.
LINE = (*TEAM_LEADS, *SERVICE_LINE)
# A service has one of each (its head of service, its assistant director); managers, any number.
ONE_PER_SERVICE = (RoleCode.HEAD_OF_SERVICE, RoleCode.ASSISTANT_DIRECTOR)
# Managers: each sees the teams they are over, and reads those teams' audits and figures.
MANAGERS = LINE
# See every child, team and audit.
WHOLE_DIRECTORATE = (RoleCode.DEPUTY_DIRECTOR, RoleCode.PSQA)
# Read every directorate figure and report (the dashboard, the audit results, the survey results,
# the monthly and quarterly reports): who sees the whole directorate, and the Director of
# Children's Services, who chairs the review where they are read but opens no case file.
DIRECTORATE_READERS = (RoleCode.DIRECTOR, *WHOLE_DIRECTORATE)
# Read the Director's overview (reporting/overview): the directorate's readers, and each
# assistant director and head of service for their services.
OVERVIEW_READERS = (*DIRECTORATE_READERS, RoleCode.ASSISTANT_DIRECTOR, RoleCode.HEAD_OF_SERVICE)
# The senior leadership team (the framework's SLT): told of what the directorate's reports say.
SENIOR_LEADERSHIP = (
    RoleCode.DIRECTOR,
    RoleCode.DEPUTY_DIRECTOR,
    RoleCode.ASSISTANT_DIRECTOR,
    RoleCode.HEAD_OF_SERVICE,
)
# Emailed each directorate report as it is produced: the senior leadership team and PSQA.
DIRECTORATE_REPORT_RECIPIENTS = (*SENIOR_LEADERSHIP, RoleCode.PSQA)
# Team managers and more senior managers audit cases of teams other than their own (not
# assistant team managers, unless they hold one of these roles as well).
AUDITORS = (RoleCode.TEAM_MANAGER, *SERVICE_LINE, RoleCode.DEPUTY_DIRECTOR)
# Expected to audit one case a month (the framework's "team managers and senior managers").
EXPECTED_TO_AUDIT = (RoleCode.TEAM_MANAGER, *SERVICE_LINE)
# During Practice Week the Director of Children's Services audits too (and only then: the Director
# reads figures and reports, not case files).
PRACTICE_WEEK_AUDITORS = (*AUDITORS, RoleCode.DIRECTOR)
# Allocate audits and run the case system's imports.
ALLOCATORS = (RoleCode.BUSINESS_SUPPORT, RoleCode.PSQA)
# Select and notify the month's moderations: PSQA, and the PSQA business support officer (the
# framework: "PSQA BSO selects case file for moderation ... notifies the DD/HOS/SW"), who has
# none of PSQA's other powers.
MODERATION_SELECTORS = (RoleCode.PSQA, RoleCode.PSQA_BUSINESS_SUPPORT)
# Open children's case files (within their scope).
CASE_FILE = (*CASELOAD, *MANAGERS, *WHOLE_DIRECTORATE)
# Moderate audits: moderators (consultant social workers, CP chairs, IROs) and senior managers.
MODERATING = (
    RoleCode.MODERATOR,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.DEPUTY_DIRECTOR,
)
# Lead Practice Week.
PRACTICE_WEEK_LEADS = (RoleCode.PSQA, RoleCode.PRINCIPAL_SOCIAL_WORKER)
# List audits (each sees the rows their scope allows): every role but a moderator's alone, whose
# moderations are their own list.
AUDIT_LIST_READERS = tuple(code for code in RoleCode if code != RoleCode.MODERATOR)
# Read Practice Week's published reports: the leads, everyone with a caseload or a scope, and the
# Director (who audits during the week).
PRACTICE_WEEK_READERS = (*PRACTICE_WEEK_LEADS, *CASE_FILE, RoleCode.DIRECTOR)
# Record practice observations: the leads and everyone who audits in Practice Week.
OBSERVERS = (*PRACTICE_WEEK_LEADS, *PRACTICE_WEEK_AUDITORS)
# Read what families said in the annual survey in their own words, and its report.
SURVEY_COMMENT_READERS = DIRECTORATE_REPORT_RECIPIENTS


def holds(user: User, group: tuple[str, ...]) -> bool:
    """Whether the user holds any role of the group (`holds(user, lines.MANAGERS)`)."""
    return user.has_role(*group)


def staff_with_roles(*roles: str) -> QuerySet[User]:
    """Active staff holding any of these roles (every active member of staff when none is given),
    by name."""
    staff = User.objects.filter(is_active=True)
    if roles:
        staff = staff.filter(pk__in=UserRole.objects.filter(role__in=roles).values("user"))
    return staff.order_by("last_name", "first_name", "pk")


def staff_in(group: tuple[str, ...]) -> QuerySet[User]:
    """Active staff holding any role of a named group."""
    return staff_with_roles(*group)


def psqa_officers() -> QuerySet[User]:
    """Everyone PSQA: told of every Inadequate outcome and escalation."""
    return staff_with_roles(RoleCode.PSQA)


def psqa_head_of_service() -> QuerySet[User]:
    """The Head of Service, Professional Standards and Quality Assurance: who holds both the PSQA
    and the head of service roles (advised of every moderation graded Inadequate)."""
    return psqa_officers().filter(
        pk__in=UserRole.objects.filter(role=RoleCode.HEAD_OF_SERVICE).values("user")
    )


def the_principal_social_worker() -> User | None:
    """The Principal Social Worker, when there is exactly one (as a council has)."""
    found = list(staff_with_roles(RoleCode.PRINCIPAL_SOCIAL_WORKER)[:2])
    return found[0] if len(found) == 1 else None


def deputy_directors() -> QuerySet[User]:
    return staff_with_roles(RoleCode.DEPUTY_DIRECTOR)


# Who is over a team or a service -------------------------------------------------------------------


@dataclass(frozen=True)
class Over:
    """One person over a team or service, and their part in its line, in words."""

    person: User
    role: str  # a RoleCode in LINE
    part: str  # "Team manager, Assessment Team A"


def _service_of(unit: Team | Service) -> Service:
    return unit.service if isinstance(unit, Team) else unit


def _line_q(unit: Team | Service, roles: tuple[str, ...]) -> dict[str, Q]:
    """Each role's people over the unit, as a Q over User (active, holding the role)."""
    service = _service_of(unit)
    # Subqueries, not joins: a person recorded twice is still one row, with no DISTINCT.
    service_managers = Service.managers.through.objects.filter(service=service).values("user")
    recorded = {
        **dict.fromkeys(
            TEAM_LEADS,
            Q(pk__in=Team.managers.through.objects.filter(team=unit).values("user"))
            if isinstance(unit, Team)
            else None,
        ),
        RoleCode.SERVICE_MANAGER: Q(pk__in=service_managers),
        RoleCode.HEAD_OF_SERVICE: Q(pk=service.head_of_service_id),
        RoleCode.ASSISTANT_DIRECTOR: Q(pk=service.assistant_director_id),
    }
    return {
        role: recorded[role]
        & Q(is_active=True, pk__in=UserRole.objects.filter(role=role).values("user"))
        for role in roles
        if recorded[role] is not None
    }


def _up_to(through: str) -> tuple[str, ...]:
    return LINE[: LINE.index(through) + 1]


def managers_over(
    unit: Team | Service, *, through: str = RoleCode.ASSISTANT_DIRECTOR
) -> list[Over]:
    """Who is over this team (or service), nearest first, up to the role `through`: the team's
    managers, its service's managers, head of service and assistant director. One entry per
    person and part (a person recorded twice is listed under each part)."""
    service = _service_of(unit)
    where = {
        RoleCode.TEAM_MANAGER: f"Team manager, {unit.name}",
        RoleCode.ASSISTANT_TEAM_MANAGER: f"Assistant team manager, {unit.name}",
        RoleCode.SERVICE_MANAGER: f"Service manager, {service.name}",
        RoleCode.HEAD_OF_SERVICE: f"Head of service, {service.name}",
        RoleCode.ASSISTANT_DIRECTOR: f"Assistant director, {service.name}",
    }
    over = []
    for role, q in _line_q(unit, _up_to(through)).items():
        for person in User.objects.filter(q).order_by("last_name", "first_name", "pk"):
            over.append(Over(person, role, where[role]))
    return over


def people_over(
    unit: Team | Service, *, through: str = RoleCode.ASSISTANT_DIRECTOR
) -> QuerySet[User]:
    """The people over this team (or service) up to the role `through`, as one queryset."""
    scope = Q(pk__in=[])
    for q in _line_q(unit, _up_to(through)).values():
        scope |= q
    return User.objects.filter(scope).order_by("last_name", "first_name", "pk")


def managers_within(service: Service) -> QuerySet[User]:
    """Everyone over the service or one of its teams: its teams' managers and its line."""
    in_teams = Team.managers.through.objects.filter(team__service=service).values("user")
    team_managers = staff_with_roles(*TEAM_LEADS).filter(pk__in=in_teams)
    return User.objects.filter(
        Q(pk__in=team_managers.values("pk")) | Q(pk__in=people_over(service).values("pk"))
    ).order_by("last_name", "first_name", "pk")


def team_managers(team: Team) -> QuerySet[User]:
    """The team's managers (active, holding the role), by name."""
    return people_over(team, through=RoleCode.TEAM_MANAGER)


def team_managers_of(teams: QuerySet[Team]) -> QuerySet[User]:
    """Everyone managing any of these teams (active, holding the role)."""
    managing = Team.managers.through.objects.filter(team__in=teams).values("user")
    return staff_with_roles(RoleCode.TEAM_MANAGER).filter(pk__in=managing)


def own_teams(user: User) -> QuerySet[Team]:
    """The teams the user manages as their team manager or assistant team manager (not the teams
    of their services): the supervision, oversight notes and actions of these teams' cases are
    theirs."""
    if not user.has_role(*TEAM_LEADS):
        return Team.objects.none()
    return Team.objects.filter(pk__in=sorted(user.managed_team_ids))  # ids: see team_ids_over


def managers_under(user: User) -> QuerySet[User]:
    """The managers expected to audit whom this person is over: the team managers of their
    services' teams and, for a head of service or assistant director, the services' managers
    (everyone expected to audit, for the whole directorate)."""
    if sees_whole_directorate(user):
        return staff_in(EXPECTED_TO_AUDIT)
    services = services_managed_by(user)
    team_leads = Team.managers.through.objects.filter(team__service__in=services).values("user")
    scope = Q(pk__in=staff_with_roles(RoleCode.TEAM_MANAGER).filter(pk__in=team_leads).values("pk"))
    if user.has_role(RoleCode.HEAD_OF_SERVICE, RoleCode.ASSISTANT_DIRECTOR):
        managing = Service.managers.through.objects.filter(service__in=services).values("user")
        scope |= Q(
            pk__in=staff_with_roles(RoleCode.SERVICE_MANAGER).filter(pk__in=managing).values("pk")
        )
    return User.objects.filter(scope).exclude(pk=user.pk).order_by("last_name", "first_name", "pk")


def teams_each_manages(managers: QuerySet[User], teams: QuerySet[Team]) -> dict[int, list[str]]:
    """For each of these managers, the names of the teams among `teams` they are recorded as
    managing, in one query."""
    names: dict[int, list[str]] = {}
    for user_id, name in Team.managers.through.objects.filter(
        team__in=teams, user__in=managers.values("pk")
    ).values_list("user_id", "team__name"):
        names.setdefault(user_id, []).append(name)
    return names


def manages_team(user: User, team_id: int | None) -> bool:
    """Whether the user is a team manager (or assistant) recorded as managing this team."""
    return user.has_role(*TEAM_LEADS) and team_id in user.managed_team_ids


def manages_service(user: User, service_id: int | None) -> bool:
    """Whether the user is a service manager recorded as managing this service."""
    return (
        user.has_role(RoleCode.SERVICE_MANAGER)
        and user.managed_services.filter(pk=service_id).exists()
    )


def services_of_service_manager(user: User) -> QuerySet[Service]:
    """The services the user manages as their service manager (not as head or director): the
    review of these services' Inadequate audits is theirs."""
    if not user.has_role(RoleCode.SERVICE_MANAGER):
        return Service.objects.none()
    return Service.objects.filter(pk__in=user.managed_services.values("pk"))


def in_or_over_team_q(team_id: int) -> Q:
    """People who work in the team or are recorded as managing it (whatever their roles): not
    independent of its cases, as an auditor must be."""
    managing = Team.managers.through.objects.filter(team=team_id).values("user")
    return Q(team=team_id) | Q(pk__in=managing)


def in_or_over_team(user: User, team_id: int) -> bool:
    """Whether this person works in the team or is recorded as managing it."""
    return team_id in teams_in_or_over(user)


def teams_in_or_over(user: User) -> set[int]:
    """The team a person works in and the teams they are recorded as managing: the teams whose
    cases they may not audit."""
    return {user.team_id, *user.managed_team_ids} - {None}


# What a manager is over ---------------------------------------------------------------------------


def sees_whole_directorate(user: User) -> bool:
    return user.has_role(*WHOLE_DIRECTORATE)


def services_managed_by(user: User) -> QuerySet[Service]:
    """Services the user manages, heads or directs (every service for the whole directorate)."""
    if sees_whole_directorate(user):
        return Service.objects.all()
    scope = Q(pk__in=[])
    if user.has_role(RoleCode.SERVICE_MANAGER):
        scope |= Q(pk__in=user.managed_services.values("pk"))
    if user.has_role(RoleCode.HEAD_OF_SERVICE):
        scope |= Q(head_of_service=user)
    if user.has_role(RoleCode.ASSISTANT_DIRECTOR):
        scope |= Q(assistant_director=user)
    return Service.objects.filter(scope)


def teams_managed_by(user: User) -> QuerySet[Team]:
    """Teams the user is over: teams they manage and the teams of their services."""
    if sees_whole_directorate(user):
        return Team.objects.all()
    return Team.objects.filter(pk__in=team_ids_over(user))


def over_teams_q(user: User, field: str = "team") -> Q:
    """`field` (a team, or `audit__team`...) is one of the teams the user is over, written as
    the teams' ids: with several joins in a query, PostgreSQL keeps the order they are written in
    and would otherwise join every audit before filtering."""
    if sees_whole_directorate(user):  # every team: no filter to join against
        return Q(**{f"{field}__isnull": False})
    return Q(**{f"{field}_id__in": team_ids_over(user)})


def own_teams_q(user: User, field: str = "team") -> Q:
    """`field` is one of the teams the user manages themselves (`own_teams`), by their ids."""
    ids = sorted(user.managed_team_ids) if user.has_role(*TEAM_LEADS) else []
    return Q(**{f"{field}_id__in": ids})


def team_ids_over(user: User) -> list[int]:
    """The ids of the teams a manager is over (not for the whole directorate). A scope written
    as these few ids, rather than as nested subqueries, lets PostgreSQL read a manager's audits
    by index instead of joining every audit first (a team manager's home page took 450 ms
    rather than about 100 at a county's scale)."""
    ids = set(user.managed_team_ids) if user.has_role(*TEAM_LEADS) else set()
    if user.has_role(*SERVICE_LINE):
        services = services_managed_by(user)
        ids.update(Team.objects.filter(service__in=services).values_list("pk", flat=True))
    return sorted(ids)
