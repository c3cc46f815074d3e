"""The people app's home-page panels and navigation item (registered in apps.py)."""

from . import access, selectors
from .forms import ChildLookupForm
from .models import User


def caseload(user: User) -> dict | None:
    if not access.has_caseload(user):
        return None
    counts = selectors.plan_type_counts(selectors.caseload(user=user))
    return {"caseload_counts": counts, "caseload_total": sum(row.count for row in counts)}


def teams(user: User) -> dict | None:
    if not access.manages_teams(user):
        return None
    return {"teams": list(selectors.managed_teams_summary(user=user))}


def services(user: User) -> dict | None:
    if not access.oversees_services(user):
        return None
    return {"services": list(selectors.services_summary(user=user))}


def child_lookup(user: User) -> dict | None:
    return {"lookup_form": ChildLookupForm()} if access.is_business_support(user) else None


def children_label(user: User) -> str | None:
    if not access.can_list_children(user):
        return None
    return "Children" if access.can_open_case_files(user) else "Find a child"


def admin_label(user: User) -> str | None:
    return "Django admin" if access.can_use_admin(user) else None


def people_label(user: User) -> str | None:
    return "People and teams" if access.can_manage_people(user) else None


PANELS = (
    ("caseload", 31, "people/home/caseload.html", caseload),
    ("teams", 50, "people/home/teams.html", teams),
    ("services", 60, "people/home/services.html", services),
    ("child-lookup", 70, "people/home/child_lookup.html", child_lookup),
)
