"""Who sees which Signs of Safety measures and reports, and who runs the imports.

Built on the organisation's scopes (bexley_qa/people/access.py): practitioners their own children,
team managers their teams, service managers, heads of service and assistant directors their
services, PSQA and the deputy director everything. Business support run the imports but see no
measures per child. Views fetch through these querysets, so out of scope answers 404.
"""

from django.db.models import Q, QuerySet

from bexley_qa.people.access import (
    ALLOCATING_ROLES,
    CASE_FILE_ROLES,
    MANAGER_ROLES,
    children_visible_to,
    has_caseload,
    rule,
    sees_whole_directorate,
    services_managed_by,
    teams_managed_by,
)
from bexley_qa.people.models import Child, RoleCode, Service, Team, User

from .models import MonthlyReport, ReportLevel


@rule("Your roles do not include the case management dashboard.")
def can_see_dashboard(user: User) -> bool:
    """Practitioners (their children), managers (their scope), PSQA and the deputy director."""
    return user.has_role(*CASE_FILE_ROLES)


@rule()
def sees_teams(user: User) -> bool:
    """Managers and those who see everything: shares by team, month by month."""
    return user.has_role(*MANAGER_ROLES) or sees_whole_directorate(user)


@rule("Only business support and PSQA import the case system's exports.")
def can_run_imports(user: User) -> bool:
    return user.has_role(*ALLOCATING_ROLES)


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
    return user.has_role(RoleCode.TEAM_MANAGER) and child.team_id in user.managed_team_ids


def children_on_dashboard(user: User) -> QuerySet[Child]:
    """The children whose measures the user sees, one by one (none for business support)."""
    if not can_see_dashboard(user):
        return Child.objects.none()
    return children_visible_to(user)


def own_children(user: User) -> QuerySet[Child]:
    """A practitioner's own caseload (allocated, or supported as Staying Together worker)."""
    if not has_caseload(user):
        return Child.objects.none()
    return Child.objects.filter(Q(allocated_worker=user) | Q(staying_together_worker=user))


def teams_on_dashboard(user: User) -> QuerySet[Team]:
    return teams_managed_by(user) if can_see_dashboard(user) else Team.objects.none()


def services_on_dashboard(user: User) -> QuerySet[Service]:
    return services_managed_by(user) if can_see_dashboard(user) else Service.objects.none()


def reports_visible_to(user: User) -> QuerySet[MonthlyReport]:
    """The directorate's reports for every manager, PSQA and the deputy director (the seed's
    Social Care Performance Review: team managers, service managers and heads of service, chaired
    by the director and assistant director; figures by service, no child named); a service's
    for its managers, head and assistant director; a team's for its managers and those over its
    service."""
    if not can_see_dashboard(user):
        return MonthlyReport.objects.none()
    if sees_whole_directorate(user):
        return MonthlyReport.objects.all()
    if not user.has_role(*MANAGER_ROLES):
        return MonthlyReport.objects.none()
    return MonthlyReport.objects.filter(
        Q(level=ReportLevel.DIRECTORATE)
        | Q(level=ReportLevel.SERVICE, service__in=services_managed_by(user))
        | Q(level=ReportLevel.TEAM, team__in=teams_managed_by(user))
    )
