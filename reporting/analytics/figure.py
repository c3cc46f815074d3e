"""What every audit result is: a `Figure` (a table whose cells may link down to the audits behind
them, a chart drawn from the same numbers, a CSV of the table) counted over a `Scope` (the audits
one reader's figures count, the period of whole months and the filters chosen), and the helpers
the three questions' figures share. The tables are laid out by templates/reporting/includes/
(figure.html, figure_table.html): numbers here, markup there."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, Band, band_q
from audits.practice_areas import PRACTICE_AREAS
from bexley_qa import workdays
from bexley_qa.people.models import Service, Team
from bexley_qa.workdays import add_months

MANAGERS_SHOWN = 50  # a county has hundreds of team managers: the page shows the furthest behind
BANDS = [Band.INADEQUATE, Band.REQUIRES_IMPROVEMENT, Band.GOOD, Band.OUTSTANDING]
AREA_TITLES = {area.number: f"{area.number}. {area.short_title}" for area in PRACTICE_AREAS}
AREA_KINDS = {area.number: area.kind for area in PRACTICE_AREAS}
# Each band's count of audits, by their final grade (band_q: the model's rule).
BAND_COUNTS = {band.value: Count("pk", filter=band_q(band)) for band in BANDS}


@dataclass(frozen=True)
class Link:
    """A cell that links down to what it counts."""

    text: object
    url: str

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True, slots=True)
class Cell:
    text: object
    url: str
    numeric: bool  # right-aligned


@dataclass
class Figure:
    slug: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: "Chart | None" = None  # draws the chart (an SVG data: URI) when shown
    chart_alt: str = ""
    note: str = ""
    empty: str = "No audits in this period match the filters."
    footer: list | None = None
    all_rows: list | None = None  # the CSV's, when the page shows only the first rows

    @property
    def has_data(self) -> bool:
        """Whether any number in the table is other than 0 (a chart of nothing is not drawn)."""
        return any(
            isinstance(n := getattr(c, "text", c), int | float) and n != 0
            for row in self.rows
            for c in row[1:]
        )

    @staticmethod
    def _cells(row: list) -> list["Cell"]:
        """A table row's cells: its text, where it links to, whether it is a number."""
        return [
            Cell(
                getattr(c, "text", c),
                getattr(c, "url", ""),
                isinstance(getattr(c, "text", c), int | float) or c == "–",
            )
            for c in row
        ]

    @property
    def table(self) -> list[list["Cell"]]:
        """The body's rows, as templates/reporting/includes/figure_table.html lays them out."""
        return [self._cells(row) for row in self.rows]

    @property
    def table_footer(self) -> list["Cell"] | None:
        """The totals row, each cell aligned as its column is (under the numbers it adds up)."""
        if not self.footer:
            return None
        columns = self.header_cells
        return [
            Cell(cell.text, cell.url, column.numeric or cell.numeric)
            for cell, column in zip(self._cells(self.footer), columns, strict=False)
        ]

    @property
    def header_cells(self) -> list["Cell"]:
        """The column headings, right-aligned over numbers (as the first row's cells are)."""
        sample = (
            self._cells(self.rows[0]) if self.rows else [Cell("", "", False)] * len(self.headers)
        )
        return [Cell(h, "", cell.numeric) for h, cell in zip(self.headers, sample, strict=False)]

    def as_json(self) -> dict:
        """The figure as plain values (a link as {"text", "url"}), to be kept as counted."""
        return {
            "slug": self.slug, "title": self.title, "headers": _plain(self.headers),
            "rows": _json_rows(self.rows), "footer": _json_rows([self.footer])[0] if self.footer else None,
            "all_rows": _json_rows(self.all_rows) if self.all_rows else None,
            "chart": {"draw": self.chart.draw, "args": self.chart.args, "kwargs": self.chart.kwargs}
            if self.chart else None,
            "chart_alt": str(self.chart_alt), "note": str(self.note), "empty": str(self.empty),
        }  # fmt: skip

    @classmethod
    def from_json(cls, kept: dict) -> "Figure":
        chart = kept["chart"]
        return cls(
            kept["slug"], kept["title"], kept["headers"], _rows_of(kept["rows"]),
            chart=Chart(chart["draw"], chart["args"], chart["kwargs"]) if chart else None,
            chart_alt=kept["chart_alt"], note=kept["note"], empty=kept["empty"],
            footer=_rows_of([kept["footer"]])[0] if kept["footer"] else None,
            all_rows=_rows_of(kept["all_rows"]) if kept["all_rows"] else None,
        )  # fmt: skip

    def csv_rows(self) -> list[list]:
        """The table's cells as written in the CSV: numbers as numbers, links as their text."""
        rows = (self.all_rows or self.rows) + ([self.footer] if self.footer else [])
        return [["" if c in (None, "–") else getattr(c, "text", c) for c in row] for row in rows]


def _json_rows(rows: list[list]) -> list[list]:
    return [
        [{"text": _plain(c.text), "url": c.url} if isinstance(c, Link) else _plain(c) for c in row]
        for row in rows
    ]


def _rows_of(kept: list[list]) -> list[list]:
    return [[Link(c["text"], c["url"]) if isinstance(c, dict) else c for c in row] for row in kept]


def percent(part: int, whole: int) -> int | str:
    return round(100 * part / whole) if whole else "–"


def average(value) -> float | str:
    return "–" if value is None else round(float(value), 1)


@dataclass
class Scope:
    """The audits one reader's figures count, the period, and the filters chosen."""

    audits: QuerySet[Audit]  # in scope and filtered; not yet by period
    teams: QuerySet[Team]  # in scope and filtered
    start: date  # first day of the first month
    end: date  # first day of the last month
    filters: dict = field(default_factory=dict)  # the chosen filters, for links down
    plan_type: str = ""
    whole_directorate: bool = False  # the reader counts every team's audits (PSQA, DD)
    # The reader may open the audits counted (not the Director): case-level rows are theirs.
    case_level: bool = True

    @property
    def lo(self) -> datetime:
        return workdays.start_of(self.start)

    @property
    def hi(self) -> datetime:
        return workdays.start_of(add_months(self.end, 1))

    @property
    def months(self) -> list[date]:
        return workdays.months_between(self.start, self.end)

    @property
    def months_so_far(self) -> int:
        """The period's months up to this one (for a rate: the future has none yet)."""
        return max(1, len([m for m in self.months if m <= timezone.localdate()]))

    def between(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.lo, f"{field_name}__lt": self.hi})

    def completed(self) -> QuerySet[Audit]:
        return self.audits.filter(self.between("completed_at"))

    @cached_property
    def by_service(self) -> bool:
        """Rows by service (the directorate, no service chosen) or by team."""
        return not (self.filters.get("service") or self.filters.get("team")) and (
            Service.objects.filter(teams__in=self.teams).distinct().count() > 1
        )

    @cached_property
    def own_scope(self) -> dict:
        """A reader's scope as the audits list's filter, when it is one team or one service (so
        a list reached from a cell shows what the cell counts, not also the audits the reader
        did as auditor elsewhere)."""
        if self.filters.get("team") or self.filters.get("service"):
            return {}
        teams = list(self.teams.values_list("pk", "service_id"))
        if len(teams) == 1:
            return {"team": teams[0][0]}
        services = {service for _, service in teams}
        if len(services) == 1 and not self.whole_directorate:
            return {"service": services.pop()}
        return {}

    def drill(self, **params) -> str:
        """The audits list, filtered to what a cell counts (in the reader's scope there too)."""
        query = {**self.own_scope, **{k: getattr(v, "pk", v) for k, v in self.filters.items()}}
        query.update({k: v for k, v in params.items() if v not in (None, "")})
        return f"{reverse('audits:allocations')}?{urlencode(query)}"

    def drill_completed(self, **params) -> str:
        return self.drill(
            completed_from=f"{self.start:%Y-%m}", completed_to=f"{self.end:%Y-%m}", **params
        )

    def here(self, **params) -> str:
        """This page with another filter (a service's teams)."""
        query = {k: getattr(v, "pk", v) for k, v in self.filters.items()}
        query.update(start=f"{self.start:%Y-%m}", end=f"{self.end:%Y-%m}", **params)
        return "?" + urlencode(query)


@dataclass(frozen=True)
class Chart:
    """What a figure's chart draws (a function of bexley_qa/charts.py and its arguments, all
    plain values), drawn when shown: called, it gives the SVG as a data: URI. Plain values so it
    is kept with the counted figures (reporting/counted.py) and drawn again from them."""

    draw: str
    args: tuple
    kwargs: dict

    def __call__(self) -> str:
        from bexley_qa import charts  # matplotlib loads only when a chart is drawn

        return charts.data_uri(charts.cached(getattr(charts, self.draw), *self.args, **self.kwargs))


def chart_of(draw: str, *args, **kwargs) -> Chart:
    return Chart(draw, _plain(args), _plain(kwargs))


def _plain(value):
    """Lists for tuples and str for lazy text, recursively: what the chart draws, as JSON keeps
    it (so a chart drawn from counted figures is the same picture, from the same cache entry)."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    for kind in (bool, int, float):  # an enum's member as its plain value
        if isinstance(value, kind):
            return kind(value)
    return None if value is None else str(value)


def by_month(rows: QuerySet, field_name: str, **counts) -> dict[date, dict]:
    """{month: {name: count}} for rows grouped by the month of `field_name`."""
    found = (
        rows.annotate(month=TruncMonth(field_name)).values("month").annotate(**counts).order_by()
    )
    return {
        timezone.localdate(row["month"])
        if isinstance(row["month"], datetime)
        else row["month"]: row
        for row in found
    }


def groups(scope: Scope) -> list[tuple[str, object, str]]:
    """The rows of a by-group figure: (key, item, its name), services or teams in order."""
    if scope.by_service:
        services = Service.objects.filter(teams__in=scope.teams).distinct().order_by("name")
        return [(s.pk, s, s.name) for s in services]
    teams = scope.teams.select_related("service").order_by("service__name", "name")
    return [(t.pk, t, t.name) for t in teams]


def group_key(scope: Scope, prefix: str = "") -> str:
    return f"{prefix}team__service" if scope.by_service else f"{prefix}team"


def group_cell(scope: Scope, item) -> object:
    """A service links to its teams (this page, filtered); a team is named."""
    if scope.by_service:
        return Link(item.name, scope.here(service=item.pk))
    return item.name


def group_drill(scope: Scope, key, **params) -> str:
    return scope.drill_completed(
        **({"service": key} if scope.by_service else {"team": key}), **params
    )


def group_heading(scope: Scope) -> str:
    return "Service" if scope.by_service else "Team"
