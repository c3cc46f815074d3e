"""The service navigation: each app registers its item from its AppConfig.ready(), by a name in
`ORDER`, which says where every item goes.

`register_item(name, url_name=..., label=...)`: `label(user)` is the link's text for this user,
or None when the item is not for them (answered through the access modules). An item is marked
current on any page of its URL namespace.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .people.models import User

# Every item, in the order the navigation shows them (after Home).
ORDER = (
    "children",
    "audits",
    "moderation",
    "dashboard",
    "survey",
    "audit-results",
    "qa-reports",
    "practice-week",
    "imports",
    "people",
    "outbox",
    "admin",
)


@dataclass(frozen=True)
class Item:
    name: str
    url_name: str
    label: Callable[[User], str | None]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


_items: dict[str, Item] = {}


def register_item(name: str, *, url_name: str, label: Callable[[User], str | None]) -> None:
    """Add a link to the navigation at its place in ORDER (registering a name again replaces it)."""
    if name not in ORDER:
        raise ValueError(f"No place in the navigation for {name!r}: add it to navigation.ORDER")
    _items[name] = Item(name, url_name, label)


def navigation(request: HttpRequest) -> dict:
    """Context processor: the navigation for the signed-in person's roles."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = request.resolver_match
    here = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    items = [NavItem("Home", reverse("home"), bool(match) and match.url_name == "home")]
    for item in sorted(_items.values(), key=lambda i: ORDER.index(i.name)):
        if label := item.label(user):
            namespace = item.url_name.split(":")[0]
            items.append(NavItem(label, reverse(item.url_name), here.startswith(f"{namespace}:")))
    return {"navigation": items}


def session_timeout(request: HttpRequest) -> dict:
    """Context processor: when the signed-in person's session ends without activity, and how long
    before that the "You're about to be signed out" dialog warns them (templates/base.html); and
    whether the sign-in page offers council single sign-on."""
    from django.conf import settings

    return {
        "council_sign_in": bool(settings.OIDC_RP_CLIENT_ID),
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": min(
            settings.SESSION_TIMEOUT_WARNING_SECONDS, settings.SESSION_COOKIE_AGE
        ),
    }
