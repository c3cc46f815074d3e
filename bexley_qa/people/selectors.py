"""Reads of people and children that depend on who is asking. Scope always comes from access.py."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import access
from .models import Child, PlanType, RoleCode, Service, Team, User


def _matching(children: QuerySet[Child], search: str) -> QuerySet[Child]:
    """Children whose case ID starts with the search, or whose names contain every word of it."""
    search = search.strip()
    if not search:
        return children
    by_name = Q()
    for word in search.split():
        by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return children.filter(Q(case_id__istartswith=search) | by_name)


def child_list(
    *, user: User, search: str = "", team: Team | None = None, plan_type: str = ""
) -> QuerySet[Child]:
    """Children in the user's scope matching the search and filters, ready for the list page."""
    children = _matching(access.children_visible_to(user), search)
    if team is not None:
        children = children.filter(team=team)
    if plan_type:
        children = children.filter(plan_type=plan_type)
    return children.select_related("team", "allocated_worker")


def child_lookup(*, user: User, search: str) -> QuerySet[Child]:
    """Open children business support may allocate, found by case ID or name; nothing unsearched."""
    if not search.strip():
        return Child.objects.none()
    return _matching(access.children_for_allocation_lookup(user), search).select_related(
        "team", "allocated_worker", "staying_together_worker"
    )


def teams_for_filter(*, user: User) -> QuerySet[Team]:
    """Teams that hold at least one child in the user's scope, for the children list filter."""
    return Team.objects.filter(pk__in=access.children_visible_to(user).values("team_id"))


@dataclass(frozen=True)
class PlanCount:
    label: str
    count: int


def plan_type_counts(children: QuerySet[Child]) -> list[PlanCount]:
    """Open children by plan type, counted in the database, in the plan types' own order."""
    counts = dict(
        children.filter(is_open=True)
        .order_by()
        .values("plan_type")
        .annotate(n=Count("pk"))
        .values_list("plan_type", "n")
    )
    return [PlanCount(pt.label, counts[pt.value]) for pt in PlanType if counts.get(pt.value)]


def caseload(*, user: User) -> QuerySet[Child]:
    """Open children allocated to the user or supported by them as Staying Together worker."""
    return Child.objects.filter(
        Q(allocated_worker=user) | Q(staying_together_worker=user), is_open=True
    ).select_related("team")


def managed_teams_summary(*, user: User) -> QuerySet[Team]:
    """The user's managed teams with open children and practitioners counted in SQL."""
    return (
        access.teams_managed_by(user)
        .select_related("service")
        .annotate(
            open_children=Count("children", filter=Q(children__is_open=True), distinct=True),
            practitioners=Count(
                "members",
                filter=Q(members__role_grants__role=RoleCode.PRACTITIONER, members__is_active=True),
                distinct=True,
            ),
        )
        .order_by("service__name", "name")
    )


def services_summary(*, user: User) -> QuerySet[Service]:
    """Services in the user's scope with teams and open children counted in SQL."""
    # Subqueries, not a join of every service to every child counted distinct: each count is
    # read from an index (the open children's by team).
    teams = Team.objects.filter(service=OuterRef("pk")).order_by().values("service")
    children = Child.objects.filter(team__service=OuterRef("pk"), is_open=True).order_by()
    return (
        access.services_managed_by(user)
        .annotate(
            team_count=Coalesce(Subquery(teams.annotate(n=Count("pk")).values("n")), 0),
            open_children=Coalesce(
                Subquery(children.values("team__service").annotate(n=Count("*")).values("n")), 0
            ),
        )
        .order_by("name")
    )


def child_changes(child: Child) -> list:
    """Every change to the child's record (from the case system's imports or the admin), newest
    first, in words."""
    from bexley_qa import history

    rows = history.history_of(Child).objects.filter(pgh_obj_id=child.pk)
    named = [("The child's record", c) for c in history.changes(rows.select_related("pgh_context"))]
    return history.lines(named)


def person_changes(person: User) -> list:
    """Every change to a member of staff's account and roles, newest first, in words."""
    from bexley_qa import history

    from .models import UserRole

    def rows(model, **lookup):
        return history.history_of(model).objects.filter(**lookup).select_related("pgh_context")

    named = [("The account", c) for c in history.changes(rows(User, pgh_obj_id=person.pk))]
    named += [
        (f"The role {c.record.get_role_display()}", c)
        for c in history.changes(rows(UserRole, user_id=person.pk))
    ]
    return history.lines(named)
