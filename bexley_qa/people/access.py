"""Who may see and do what: the organisation's part (children, teams, services, roles).

Where each access rule lives (one place per rule; templates get the answers from their view):
- here, `bexley_qa/people/access.py`: whose children a person may open, which teams and services
  they manage, and what their roles let them do across the product (allocate, read the outbox,
  hold a caseload, audit other teams' cases);
- `audits/access.py`: which audits a person may read and what they may do to one (edit, self-assess,
  cancel, mark an action done, record the follow-up), built on the scopes here. Apps above
  audits (moderation) widen an audit's readers by registering with it, not by editing it.

Scope comes from the organisation, not from the role alone: a team manager sees the teams they are
recorded as managing, a service manager, a head of service and an assistant director the
services they are recorded against, a practitioner the children allocated to them (or whose family they support as the
Staying Together worker). Deputy directors and PSQA see everything. Business support may look a
child up to allocate an audit, but may not open the case file.

Views fetch through these querysets (`get_object_or_404(children_visible_to(user), ...)`), so a
record out of scope answers 404 rather than revealing that it exists. A "may they" question is a
`Rule`: `rule(user, ...)` answers it, `rule.require(user, ...)` refuses with PermissionDenied;
services call `require`, so a hand-made POST cannot do what the page would not offer.
"""

from collections.abc import Callable
from functools import update_wrapper

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from . import lines
from .lines import services_managed_by as _services_over
from .lines import teams_managed_by as _teams_over
from .models import Child, RoleCode, Service, Team, User


def is_active(user) -> bool:
    """Signed in with an account that is switched on: nothing else is allowed anything."""
    return bool(user and user.is_authenticated and user.is_active)


class Rule:
    """A "may this user ...?" question, with the sentence that refuses it.

    Call it for the answer; `require()` raises PermissionDenied with the refusal. A user who is not
    signed in, or whose account is switched off, may do nothing.
    """

    def __init__(self, test: Callable[..., bool], refusal: str):
        update_wrapper(self, test)
        self.test = test
        self.refusal = refusal

    def __call__(self, user, *args) -> bool:
        return is_active(user) and bool(self.test(user, *args))

    def require(self, user, *args) -> None:
        if not self(user, *args):
            raise PermissionDenied(self.refusal)


NOT_YOUR_ROLE = "Your roles in Collaborative Case Audit do not include this."


def rule(refusal: str = NOT_YOUR_ROLE) -> Callable[[Callable[..., bool]], Rule]:
    """Declare a Rule: `@rule("Only the auditor ...")` over a function answering the question."""
    return lambda test: Rule(test, refusal)


# Roles ------------------------------------------------------------------------------------------


@rule()
def sees_whole_directorate(user: User) -> bool:
    """True when the user's scope is every child, team and audit (deputy director, PSQA)."""
    return lines.sees_whole_directorate(user)


@rule("Your roles do not include the directorate's figures.")
def reads_directorate_figures(user: User) -> bool:
    """Reads every directorate figure and report: those who see everything, and the Director of
    Children's Services (who opens no case file)."""
    return lines.holds(user, lines.DIRECTORATE_READERS)


@rule()
def has_caseload(user: User) -> bool:
    """Practitioners and Staying Together workers: their own cases and self-assessments."""
    return lines.holds(user, lines.CASELOAD)


@rule("Only team managers and more senior managers audit cases.")
def can_audit(user: User) -> bool:
    """Team managers and more senior managers audit other teams' cases."""
    return lines.holds(user, lines.AUDITORS)


@rule()
def may_be_auditor(user: User) -> bool:
    """Audits some cases: the auditors, and the Director during Practice Week (their home page
    lists the audits to prepare and follow up)."""
    return lines.holds(user, lines.PRACTICE_WEEK_AUDITORS)


@rule()
def manages_teams(user: User) -> bool:
    return lines.holds(user, lines.TEAM_LEADS)


@rule()
def is_manager(user: User) -> bool:
    """Team managers, service managers, heads of service and assistant directors."""
    return lines.holds(user, lines.MANAGERS)


@rule()
def oversees_services(user: User) -> bool:
    """Service managers, heads of service, assistant directors, and those who see everything."""
    return lines.holds(user, lines.SERVICE_LINE) or sees_whole_directorate(user)


@rule("Only business support and PSQA allocate audits.")
def can_allocate(user: User) -> bool:
    """Business support and PSQA allocate audits (one at a time or by spreadsheet)."""
    return lines.holds(user, lines.ALLOCATORS)


@rule("Only business support and PSQA import the case system's exports.")
def can_run_imports(user: User) -> bool:
    """Business support and PSQA import the case system's exports (children, measures)."""
    return lines.holds(user, lines.ALLOCATORS)


@rule()
def is_business_support(user: User) -> bool:
    return user.has_role(RoleCode.BUSINESS_SUPPORT)


@rule()
def is_psqa(user: User) -> bool:
    """PSQA: the outbox of every email, moderation sampling, reports."""
    return user.has_role(RoleCode.PSQA)


@rule()
def is_moderator(user: User) -> bool:
    return user.has_role(RoleCode.MODERATOR)


@rule("Only technical support use the Django admin.")
def can_use_admin(user: User) -> bool:
    """Superusers only: technical support. PSQA manage people and teams on the app's own pages."""
    return user.is_superuser


@rule("Only PSQA manage people, their roles and teams")
def can_manage_people(user: User) -> bool:
    return is_psqa(user)


@rule("Only PSQA see who looked at a child's records, export them and decide on retention")
def can_keep_records(user: User) -> bool:
    """The record log, subject access exports and retention decisions."""
    return is_psqa(user)


# Teams, services and children ----------------------------------------------------------------------


def teams_managed_by(user: User) -> QuerySet[Team]:
    """Teams in the user's management scope: teams they manage and teams of their services
    (the organisation's lines, `lines.py`)."""
    return _teams_over(user) if is_active(user) else Team.objects.none()


def services_managed_by(user: User) -> QuerySet[Service]:
    """Services the user manages, heads or directs (everything for deputy directors and PSQA)."""
    return _services_over(user) if is_active(user) else Service.objects.none()


def teams_in_figures(user: User) -> QuerySet[Team]:
    """The teams whose figures the user reads (dashboards, audit results, reports): every team for
    the readers of directorate figures, the teams they are over for managers, none otherwise."""
    if reads_directorate_figures(user):
        return Team.objects.all()
    return teams_managed_by(user)


def services_in_figures(user: User) -> QuerySet[Service]:
    """The services whose figures the user reads: those they are over, or their teams' (a team
    manager reads their own service's report), every service for directorate readers."""
    if reads_directorate_figures(user):
        return Service.objects.all()
    if not is_active(user):
        return Service.objects.none()
    return Service.objects.filter(
        Q(pk__in=services_managed_by(user).values("pk"))
        | Q(pk__in=teams_managed_by(user).values("service"))
    )


def children_visible_to(user: User) -> QuerySet[Child]:
    """Children whose case file the user may open; any other child answers 404."""
    if not is_active(user):
        return Child.objects.none()
    if sees_whole_directorate(user):
        return Child.objects.all()
    scope = Q(pk__in=[])
    if has_caseload(user):
        scope |= Q(allocated_worker=user) | Q(staying_together_worker=user)
    if is_manager(user):
        scope |= Q(team__in=teams_managed_by(user))
    return Child.objects.filter(scope)


@rule("Your roles do not include access to children's case files.")
def can_open_case_files(user: User) -> bool:
    """Whether the user holds a role that opens case files at all (their scope may still be empty)."""
    return lines.holds(user, lines.CASE_FILE)


@rule("Only business support and PSQA look children up to allocate an audit.")
def can_look_up_children_for_allocation(user: User) -> bool:
    """Business support and PSQA may find any open child by case ID or name to allocate an audit."""
    return lines.holds(user, lines.ALLOCATORS)


def children_for_allocation_lookup(user: User) -> QuerySet[Child]:
    """Open children the user may pick when allocating an audit (none for other roles)."""
    if not can_look_up_children_for_allocation(user):
        return Child.objects.none()
    return Child.objects.filter(is_open=True)


@rule()
def can_list_children(user: User) -> bool:
    """Whether "Children" belongs in the user's navigation (moderators alone have no list)."""
    return can_open_case_files(user) or can_look_up_children_for_allocation(user)
