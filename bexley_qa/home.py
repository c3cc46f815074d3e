"""The home page: what needs the signed-in person's attention, assembled from panels.

Each app registers its panels from its AppConfig.ready(), so this ground floor never imports the
apps above it: `register_panel(name, order=..., template=..., context=...)`. `context(user)`
returns the panel's template variables, or None when the panel is not for this user (the roles
are asked through the access modules). Panels show in `order`; their variables join the page's
context under the names they give (so each panel's names must be its own).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .people.models import User


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[User], dict | None]


_panels: dict[str, Panel] = {}


def register_panel(
    name: str, *, order: int, template: str, context: Callable[[User], dict | None]
) -> None:
    """Add a panel to the home page (registering a name again replaces it)."""
    _panels[name] = Panel(order, template, context)


def panels_for(user: User) -> tuple[list[str], dict]:
    """The templates of the panels this user sees, in order, and their variables."""
    templates, context = [], {}
    for panel in sorted(_panels.values(), key=lambda p: p.order):
        variables = panel.context(user)
        if variables is not None:
            templates.append(panel.template)
            context.update(variables)
    return templates, context
