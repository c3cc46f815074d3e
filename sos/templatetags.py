"""The dashboard's own tags, loaded as {% load dashboard %}: a row's share cells, and a child's
measure cells, written in Python. A county's directorate page has 160 services of nine cells
each, a team's page 70 children of eight: drawn by the template (an include or a loop per row,
each number localised, each date formatted) they took most of the page's time."""

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


DONE = (
    '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--green app-tag--small '
    'app-nowrap"><span class="govuk-visually-hidden">Done </span>{}</strong></td>'
)
TO_DO = (
    '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey app-tag--small">'
    "To do</strong></td>"
)


@register.simple_tag
def measure_cells(done) -> SafeString:
    """A child's eight measures: the day each was last done ("7 Dec 26"), or "To do". Each value
    is a date or None (the day and the month's short English name, as the service writes dates),
    so there is nothing to escape."""
    return SafeString(
        "".join(DONE.format(f"{day.day} {day:%b %y}") if day else TO_DO for day in done)
    )
