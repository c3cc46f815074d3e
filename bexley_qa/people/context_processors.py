from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from . import access
from .models import RoleCode


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation(request: HttpRequest) -> dict:
    """The service navigation for the signed-in person's roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = request.resolver_match
    url_name = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    items = [NavItem("Home", reverse("home"), bool(match) and match.url_name == "home")]
    if access.can_list_children(user):
        label = "Children" if access.can_open_case_files(user) else "Find a child"
        items.append(NavItem(label, reverse("people:child-list"), url_name.startswith("people:")))
    if user.role_codes - {RoleCode.MODERATOR}:
        items.append(
            NavItem("Audits", reverse("audits:allocations"), url_name.startswith("audits:"))
        )
    if user.has_role(RoleCode.PSQA):
        items.append(
            NavItem(
                "Email outbox",
                reverse("notifications:outbox"),
                url_name.startswith("notifications:"),
            )
        )
    if user.is_staff:
        items.append(NavItem("Manage people and teams", reverse("admin:index"), False))
    return {"navigation": items}
