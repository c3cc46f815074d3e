"""Pages assembled from panels the apps register: the home page (what needs the signed-in
person's attention), a child's page (what each app holds about the child) and an audit's page
(what the apps above audits hold about it: its moderation).

Each app registers its panels from its AppConfig.ready(), so this ground floor never imports the
apps above it: `register_panel(name, page=..., order=..., template=..., context=...)`.
`context(user, **objects)` (the child's page passes `child=`, the audit's page `audit=`) returns the panel's template
variables, or None when the panel is not for this user (the roles are asked through the access
modules). Panels show in `order`; their variables join the page's context under the names they
give (so each panel's names must be its own).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .people.models import User

HOME, CHILD, AUDIT = "home", "child", "audit"

# A home panel lists the first few of its items, most urgent first, and says how many in all
# (`includes/listed_of.html`): a directorate's home page would otherwise list hundreds.
HOME_ITEMS = 10


class Listed:
    """The first `limit` of a panel's queryset, in its order, and how many there are in all:
    one query, and a count only when there are more. Iterates, and is false when empty, as the
    list it replaces did."""

    def __init__(self, queryset, limit: int = HOME_ITEMS):
        items = list(queryset[: limit + 1])
        self.more = len(items) > limit
        self.items = items[:limit]
        self.total = queryset.count() if self.more else len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, index):
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __eq__(self, other) -> bool:
        if isinstance(other, Listed):
            return (self.items, self.total) == (other.items, other.total)
        return self.items == list(other) if isinstance(other, list | tuple) else NotImplemented

    __hash__ = None


@dataclass(frozen=True)
class Panel:
    page: str
    order: int
    template: str
    context: Callable[..., dict | None]


_panels: dict[tuple[str, str], Panel] = {}


def register_panel(
    name: str,
    *,
    order: int,
    template: str,
    context: Callable[..., dict | None],
    page: str = HOME,
) -> None:
    """Add a panel to a page (registering a name again replaces it)."""
    _panels[page, name] = Panel(page, order, template, context)


def panels_for(page: str, user: User, **objects) -> tuple[list[str], dict]:
    """The templates of the panels this user sees on the page, in order, and their variables."""
    templates, context = [], {}
    for panel in sorted((p for p in _panels.values() if p.page == page), key=lambda p: p.order):
        variables = panel.context(user, **objects)
        if variables is not None:
            templates.append(panel.template)
            context.update(variables)
    return templates, context
