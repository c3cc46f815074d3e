"""People pickers that search as you type, for lists too long to send whole.

A form's person field (`PersonChoiceField` in bexley_qa/forms.py) sends its whole list when it
holds at most LIST_LIMIT people. Given a pool (`field.search_in(name, key)`), a longer list is
not sent: the page carries only the person chosen, and the browser asks this module's endpoint
(`/people/search/<pool>/?for=<key>&q=<words>`) for the first SUGGESTIONS people matching what is
typed, by name, job title, team or service. So a form's size no longer grows with the staff list.

Each pool is declared once, by the app whose form offers it, with `register(name, people)`:
`people(request, key)` returns the pool for this reader and record, checking access as the page
with the form does (404 for a record out of their scope, 403 for someone who may not use the
form). The form's own field reads the same function, so what can be found and what is accepted
are one rule.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from . import lines
from .access import can_manage_people
from .models import RoleCode, User

# Beyond this many people, a picker searches instead of listing (a team's practitioners, the
# moderators and the Principal Social Workers stay plain lists; a county's staff do not).
LIST_LIMIT = 100
SUGGESTIONS = 20
# A query's first few words are used; each must match a name, job title, team or service.
MAX_WORDS = 5

Pool = Callable[[HttpRequest, str], QuerySet[User]]
POOLS: dict[str, Pool] = {}


def register(name: str, people: Pool) -> Pool:
    """Declare a pool the search endpoint answers for (an app's AppConfig.ready calls this)."""
    POOLS[name] = people
    return people


def search_url(name: str, key: object = "") -> str:
    return f"{reverse('people:search', args=[name])}?{urlencode({'for': key})}"


def matching(people: QuerySet[User], query: str) -> QuerySet[User]:
    """Those in `people` whose name, job title, team or service holds every word typed."""
    for word in query.split()[:MAX_WORDS]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(team__name__icontains=word)
            | Q(team__service__name__icontains=word)
        )
    return people


# The pools of the people pages' forms (the audits' are in audits/pickers.py).
def staff(request: HttpRequest, key: str) -> QuerySet[User]:
    """Every active member of staff: an action's owner, the person a practice observation saw.
    For those who use those forms: auditors (who record actions) and those who record practice
    observations (names, job titles and teams only)."""
    # lines.OBSERVERS: the auditors and Practice Week's leads.
    if not lines.holds(request.user, lines.OBSERVERS):
        raise PermissionDenied("Only auditors and those who record practice observations")
    return lines.staff_with_roles()


def _people_manager(pool: Callable[[], QuerySet[User]]) -> Pool:
    def people(request: HttpRequest, key: str) -> QuerySet[User]:
        can_manage_people.require(request.user)
        return pool()

    return people


def practitioners() -> QuerySet[User]:
    """Who may be a child's allocated worker."""
    return lines.staff_with_roles(RoleCode.PRACTITIONER)


def staying_together_workers() -> QuerySet[User]:
    return lines.staff_with_roles(RoleCode.STAYING_TOGETHER_WORKER)


def team_leads() -> QuerySet[User]:
    """Who may be recorded as managing a team: team managers and assistant team managers."""
    return lines.staff_in(lines.TEAM_LEADS)


def register_people_pools() -> None:
    register("staff", staff)
    register("practitioners", _people_manager(practitioners))
    register("staying-together-workers", _people_manager(staying_together_workers))
    register("team-leads", _people_manager(team_leads))
