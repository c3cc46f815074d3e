"""Who reads the audit analytics, and which audits they count.

The readers of directorate figures (PSQA, the deputy director and the Director of Children's
Services) count every audit; managers (team, service, head of service, assistant director) the
audits of the teams in their scope (bexley_qa/people/access.py). Nobody else: practitioners,
business support and moderators see no analytics. A figure never counts an audit outside the
reader's scope, and its drill-down links go to the audits list, which applies the same rules
again; a reader who may not open the audits behind a figure (the Director) is given no links.
"""

from django.db.models import QuerySet

from audits.models import Audit
from bexley_qa.people.access import (
    is_manager,
    reads_directorate_figures,
    rule,
    sees_whole_directorate,
    services_in_figures,
    teams_in_figures,
)
from bexley_qa.people.models import Service, Team, User


@rule("Only managers, PSQA, the deputy director and the Director see the audit results.")
def can_see_analytics(user: User) -> bool:
    return reads_directorate_figures(user) or is_manager(user)


def may_open_counted_audits(user: User) -> bool:
    """Whether a figure's numbers may link down to the audits behind them: the user may open
    every audit they count (not the Director, who reads figures, not case files)."""
    return sees_whole_directorate(user) or is_manager(user)


def analytics_teams(user: User) -> QuerySet[Team]:
    return teams_in_figures(user) if can_see_analytics(user) else Team.objects.none()


def analytics_services(user: User) -> QuerySet[Service]:
    """Services to filter by: those the user oversees, or (a team manager) their teams'."""
    if not can_see_analytics(user):
        return Service.objects.none()
    return services_in_figures(user)


def audits_counted_for(user: User) -> QuerySet[Audit]:
    """The audits the user's analytics count: every audit, or their teams' (none otherwise)."""
    if not can_see_analytics(user):
        return Audit.objects.none()
    if reads_directorate_figures(user):
        return Audit.objects.all()
    return Audit.objects.filter(team__in=analytics_teams(user))
