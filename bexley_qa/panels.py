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
