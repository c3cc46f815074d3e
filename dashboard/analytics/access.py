"""Who reads the audit analytics, and which audits they count.

PSQA and the deputy director count every audit; managers (team, service, head of service,
assistant director) the audits of the teams in their scope (bexley_qa/people/access.py). Nobody
else: practitioners, business support and moderators see no analytics. A figure never counts an
audit outside the reader's scope, and its drill-down links go to the audits list, which applies
the same rules again.
"""

from django.db.models import QuerySet

from audits.models import Audit
from bexley_qa.people.access import (
    MANAGER_ROLES,
    rule,
    sees_whole_directorate,
    services_managed_by,
    teams_managed_by,
)
from bexley_qa.people.models import Service, Team, User


@rule("Only managers, PSQA and the deputy director see the audit analytics.")
def can_see_analytics(user: User) -> bool:
    return sees_whole_directorate(user) or user.has_role(*MANAGER_ROLES)


def analytics_teams(user: User) -> QuerySet[Team]:
    return teams_managed_by(user) if can_see_analytics(user) else Team.objects.none()


def analytics_services(user: User) -> QuerySet[Service]:
    """Services to filter by: those the user oversees, or (a team manager) their teams'."""
    if not can_see_analytics(user):
        return Service.objects.none()
    return (
        services_managed_by(user) | Service.objects.filter(teams__in=analytics_teams(user))
    ).distinct()


def audits_counted_for(user: User) -> QuerySet[Audit]:
    """The audits the user's analytics count: every audit, or their teams' (none otherwise)."""
    if not can_see_analytics(user):
        return Audit.objects.none()
    if sees_whole_directorate(user):
        return Audit.objects.all()
    return Audit.objects.filter(team__in=analytics_teams(user))
