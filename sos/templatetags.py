"""The dashboard's own tag, loaded as {% load dashboard %}: a row's share cells written in
Python. A county's directorate page has 160 services of nine cells each; drawn by the template
(an include per row, each number localised) they took most of the page's time."""

from django import template
from django.utils.safestring import SafeString

register = template.Library()

CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
SHARE = (
    '<strong>{}%</strong><br><span class="govuk-hint govuk-!-font-size-16 '
    'govuk-!-margin-bottom-0 app-nowrap">{}<span class="govuk-visually-hidden"> of </span>'
    '<span aria-hidden="true">/</span>{}</span>'
)


@register.simple_tag
def share_cells(shares) -> SafeString:
    """The children counted, then each measure's share with how many of how many. Every value
    is a whole number (int() makes sure), so there is nothing to escape."""
    children = int(shares.children)
    cells = [CELL.format(children)] + [
        CELL.format("–" if pct is None else SHARE.format(int(pct), int(done), children))
        for done, pct in shares.cells
    ]
    return SafeString("".join(cells))
