"""The service navigation: each app registers its item from its AppConfig.ready(), by a name in
`ORDER`, which says where every item goes. Items in one of `GROUPS` share one link to a page
listing them (/more/<group>/) when a person has two or more of them, so no one's navigation
wraps onto a second line (PSQA's had eleven items); one item of a group is shown as itself.

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
    "overview",
    "dashboard",
    "survey",
    "audit-results",
    "qa-reports",
    "themes",
    "practice-week",
    "calendar",
    "imports",
    "people",
    "outbox",
    "admin",
)


# Items shown together under one link: the link's text, and what each item is for (the group's
# page says it).
GROUPS = {
    "results": (
        "Results and reports",
        {
            "overview": "The Director's overview: this month against the last twelve, each "
            "figure linked to the page that explains it, and the monthly PDFs.",
            "dashboard": "The Signs of Safety measures: each child, team and service, now and "
            "month by month, and the monthly reports.",
            "audit-results": "How much we audited, how well, and is anyone better off: figures "
            "down to the audits behind them.",
            "qa-reports": "The quarterly QA reports: drafted each quarter, written and published.",
            "themes": "Themes from auditing, month by month: the core areas, the weakest practice "
            "areas and what moderation found, for the directorate and each service.",
        },
    ),
    "manage": (
        "Manage",
        {
            "imports": "The case system's exports and allocation spreadsheets, and every import.",
            "people": "People and teams, their roles, children's records and retention.",
            "outbox": "Every email the service has sent or will send, and resending one.",
            "admin": "The site administration.",
        },
    ),
}
GROUP_OF = {name: group for group, (_, members) in GROUPS.items() for name in members}


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
    mine = own_items(user)
    shown_groups = set()
    for name, label, url_name in mine:
        group = GROUP_OF.get(name)
        members = [m for m in mine if GROUP_OF.get(m[0]) == group] if group else []
        if len(members) > 1:
            if group in shown_groups:
                continue
            shown_groups.add(group)
            on_its_page = bool(match) and match.url_name == "more"
            current = (on_its_page and match.kwargs.get("group") == group) or any(
                here.startswith(_namespace(m[2])) for m in members
            )
            items.append(NavItem(GROUPS[group][0], reverse("more", args=[group]), current))
        else:
            items.append(NavItem(label, reverse(url_name), here.startswith(_namespace(url_name))))
    return {"navigation": items}


def own_items(user: User) -> list[tuple[str, str, str]]:
    """(name, label, URL name) of each item for this person, in ORDER."""
    return [
        (item.name, label, item.url_name)
        for item in sorted(_items.values(), key=lambda i: ORDER.index(i.name))
        if (label := item.label(user))
    ]


def _namespace(url_name: str) -> str:
    return url_name.split(":")[0] + ":"


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
