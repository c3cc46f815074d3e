"""Who sees which Signs of Safety measures and reports, and who runs the imports.

Built on the organisation's scopes (bexley_qa/people/access.py): practitioners their own children,
team managers their teams, service managers, heads of service and assistant directors their
services, PSQA and the deputy director everything; the Director reads every team's and service's
figures and reports but opens no child's measures. Business support run the imports but see no
measures per child. Views fetch through these querysets, so out of scope answers 404.
"""

from django.db.models import Q, QuerySet

from bexley_qa.people import lines
from bexley_qa.people.access import (
    can_allocate,
    can_open_case_files,
    children_visible_to,
    has_caseload,
    is_manager,
    oversees_services,
    reads_directorate_figures,
    rule,
    services_managed_by,
    teams_in_figures,
    teams_managed_by,
)
from bexley_qa.people.models import Child, Service, Team, User

from .models import MonthlyReport, ReportLevel


@rule("Your roles do not include the case management dashboard.")
def can_see_dashboard(user: User) -> bool:
    """Practitioners (their children), managers (their scope), PSQA, the deputy director and
    the Director."""
    return can_open_case_files(user) or reads_directorate_figures(user)


@rule()
def sees_teams(user: User) -> bool:
    """Managers and the readers of directorate figures: shares by team, month by month."""
    return is_manager(user) or reads_directorate_figures(user)


@rule()
def groups_by_service(user: User) -> bool:
    """Whose dashboard lists services first (those over services, and directorate readers)."""
    return oversees_services(user) or reads_directorate_figures(user)


@rule("Only business support and PSQA import the case system's exports.")
def can_run_imports(user: User) -> bool:
    return can_allocate(user)


@rule(
    "Only the child's worker or their team manager record a measure done, while the case is open."
)
def can_record_measure(user: User, child: Child) -> bool:
    """The child's allocated or Staying Together worker, or a team manager of the child's team
    (the people who do the work with the family: not senior managers or PSQA), while the case
    is open."""
    if not child.is_open or child.anonymised_at:
        return False
    if has_caseload(user) and user.pk in (
        child.allocated_worker_id,
        child.staying_together_worker_id,
    ):
        return True
    return lines.manages_team(user, child.team_id)


def children_on_dashboard(user: User) -> QuerySet[Child]:
    """The children whose measures the user sees, one by one (none for business support)."""
    if not can_see_dashboard(user):
        return Child.objects.none()
    return children_visible_to(user)


@rule()
def sees_children(user: User) -> bool:
    """Whether the dashboard lists children one by one for the user (not for the Director, who
    reads the teams' figures but opens no case file)."""
    return can_open_case_files(user)


def own_children(user: User) -> QuerySet[Child]:
    """A practitioner's own caseload (allocated, or supported as Staying Together worker)."""
    if not has_caseload(user):
        return Child.objects.none()
    return Child.objects.filter(Q(allocated_worker=user) | Q(staying_together_worker=user))


def teams_on_dashboard(user: User) -> QuerySet[Team]:
    return teams_in_figures(user) if can_see_dashboard(user) else Team.objects.none()


def services_on_dashboard(user: User) -> QuerySet[Service]:
    """The services the user is over (every service for directorate readers)."""
    if not can_see_dashboard(user):
        return Service.objects.none()
    return Service.objects.all() if reads_directorate_figures(user) else services_managed_by(user)


def reports_visible_to(user: User) -> QuerySet[MonthlyReport]:
    """The directorate's reports for every manager, PSQA and the deputy director (the seed's
    Social Care Performance Review: team managers, service managers and heads of service, chaired
    by the director and assistant director; figures by service, no child named); a service's
    for its managers, head and assistant director; a team's for its managers and those over its
    service. The readers of directorate figures (PSQA, the deputy director, the Director) read
    every one."""
    if not can_see_dashboard(user):
        return MonthlyReport.objects.none()
    if reads_directorate_figures(user):
        return MonthlyReport.objects.all()
    if not is_manager(user):
        return MonthlyReport.objects.none()
    return MonthlyReport.objects.filter(
        Q(level=ReportLevel.DIRECTORATE)
        | Q(level=ReportLevel.SERVICE, service__in=services_managed_by(user))
        | Q(level=ReportLevel.TEAM, team__in=teams_managed_by(user))
    )
