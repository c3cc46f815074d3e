"""The audit analytics: each figure counted in SQL over the audits the reader's scope allows
(access.audits_counted_for), filtered and over a period of whole months, framed by the
framework's three questions. A figure is a table (its cells may link down to the audits behind
them), a chart drawn from the same numbers and a CSV of the table.

How we count (shown on the pages under "How we count"):
- An audit counts in the month it was allocated, completed (its outcome recorded) or moderated.
- Grades are the final grade: the moderated one where moderation changed it.
- "Good or better" is Good or Outstanding, out of the audits graded.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from audits.models import (
    Action,
    ActionStatus,
    AreaScore,
    Audit,
    AuditStatus,
    Band,
    FollowUp,
    SelfAssessment,
    Theme,
    band_q,
    grade_band,
    overdue_q,
)
from audits.practice_areas import PRACTICE_AREAS, AreaKind
from bexley_qa import workdays
from bexley_qa.people import lines
from bexley_qa.people.models import Service, Team
from bexley_qa.workdays import add_months
from feedback.models import (
    ChildFeedback,
    FamilyFeedback,
    FeedbackKind,
    FeedbackNotObtained,
    NetworkFeedback,
    StatementScore,
)
from feedback.statements import FAMILY_STATEMENTS
from moderation.models import Agreement, Moderation, ModerationScore, ModerationStatus

from ..models import MonthlyFigure
from ..selectors import MEASURES

QUESTIONS = {
    "how-much": "How much did we do?",
    "how-well": "How well did we do it?",
    "better-off": "Is anyone better off?",
}
HOW_WE_COUNT = [
    "An audit counts in the month it was allocated, completed (its outcome recorded) or "
    "moderated, as the figure says. Cancelled audits are counted as allocated only.",
    "Grades are final grades: the moderator's agreed grade where moderation changed the "
    "auditor's. Good or better means Good or Outstanding, out of the audits graded.",
    "Managers see the audits of the teams in their scope; PSQA and the deputy director see "
    "every team's. A figure about a manager counts the audits they carried out as auditor.",
    "Practice areas are scored 0 to 10; an area left unscored is left out of its average.",
    "The plan type filter uses each child's plan type now (the case system's latest export).",
]
MANAGERS_SHOWN = 50  # a county has hundreds of team managers: the page shows the furthest behind
BANDS = [Band.INADEQUATE, Band.REQUIRES_IMPROVEMENT, Band.GOOD, Band.OUTSTANDING]
AREA_TITLES = {area.number: f"{area.number}. {area.short_title}" for area in PRACTICE_AREAS}
AREA_KINDS = {area.number: area.kind for area in PRACTICE_AREAS}


@dataclass(frozen=True)
class Link:
    """A cell that links down to what it counts."""

    text: object
    url: str

    def __str__(self) -> str:
        return str(self.text)


@dataclass
class Figure:
    slug: str
    title: str
    headers: list[str]
    rows: list[list]
    chart: Callable[[], str] | None = None  # draws the chart (an SVG data: URI) when shown
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

    def table_html(self, *, links: bool = True) -> str:
        """The table as GOV.UK markup, written in Python: a county's tables have hundreds of
        rows, and a template tag per cell took most of a page's time."""
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        def cell(value, numeric: bool, first: bool, footer: bool = False) -> str:
            tag = "th" if first else "td"
            css = "govuk-table__header" if first else "govuk-table__cell"
            if numeric and not first:
                css += " govuk-table__cell--numeric"
            if footer and not first:
                css += " govuk-!-font-weight-bold"
            if links and getattr(value, "url", ""):
                content = format_html(
                    '<a class="govuk-link" href="{}">{}</a>', value.url, value.text
                )
            else:
                content = format_html("{}", value)
            scope = ' scope="row"' if first else ""
            return format_html('<{} class="{}"{}>{}</{}>', tag, css, mark_safe(scope), content, tag)  # noqa: S308 - a fixed attribute

        def row(cells, footer=False) -> str:
            return format_html(
                '<tr class="govuk-table__row">{}</tr>',
                mark_safe("".join(cell(c, n, i == 0, footer) for i, (c, n) in enumerate(cells))),  # noqa: S308 - built with format_html
            )

        head = format_html_join(
            "",
            '<th scope="col" class="govuk-table__header{}">{}</th>',
            ((" govuk-table__header--numeric" if n else "", h) for h, n in self.numeric_headers),
        )
        body = mark_safe("".join(row(r) for r in self.table))  # noqa: S308 - built with format_html
        foot = (
            format_html("<tfoot>{}</tfoot>", row(self.table_footer, footer=True))
            if self.footer
            else ""
        )
        return format_html(
            '<table class="govuk-table app-table--small"><caption class="govuk-visually-hidden">{}'
            '</caption><thead class="govuk-table__head"><tr class="govuk-table__row">{}</tr>'
            '</thead><tbody class="govuk-table__body">{}</tbody>{}</table>',
            self.title, head, body, foot,
        )  # fmt: skip

    @property
    def table_with_links(self) -> str:
        return self.table_html(links=True)

    @property
    def table_for_print(self) -> str:
        return self.table_html(links=False)

    @staticmethod
    def _cells(row: list) -> list[tuple[object, bool]]:
        """(cell, whether it is a number: right-aligned) for a table row."""
        return [(c, isinstance(getattr(c, "text", c), int | float) or c == "–") for c in row]

    @property
    def table(self) -> list[list[tuple[object, bool]]]:
        return [self._cells(row) for row in self.rows]

    @property
    def table_footer(self) -> list[tuple[object, bool]] | None:
        return self._cells(self.footer) if self.footer else None

    @property
    def numeric_headers(self) -> list[tuple[str, bool]]:
        sample = self.rows[0] if self.rows else [None] * len(self.headers)
        return [(h, n) for h, (_, n) in zip(self.headers, self._cells(sample), strict=False)]

    def csv_rows(self) -> list[list]:
        """The table's cells as written in the CSV: numbers as numbers, links as their text."""
        rows = (self.all_rows or self.rows) + ([self.footer] if self.footer else [])
        return [["" if c in (None, "–") else getattr(c, "text", c) for c in row] for row in rows]


def percent(part: int, whole: int) -> int | str:
    return round(100 * part / whole) if whole else "–"


def average(value) -> float | str:
    return "–" if value is None else round(float(value), 1)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


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

    @property
    def lo(self) -> datetime:
        return _at(self.start)

    @property
    def hi(self) -> datetime:
        return _at(add_months(self.end, 1))

    @property
    def months(self) -> list[date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

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


def _chart(draw, *args, **kwargs) -> Callable[[], str]:
    def chart() -> str:
        from bexley_qa import charts  # matplotlib loads only when a chart is drawn

        return charts.data_uri(charts.cached(getattr(charts, draw), *args, **kwargs))

    return chart


def _by_month(rows: QuerySet, field_name: str, **counts) -> dict[date, dict]:
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


def _groups(scope: Scope) -> list[tuple[str, object, str]]:
    """The rows of a by-group figure: (key, item, its name), services or teams in order."""
    if scope.by_service:
        services = Service.objects.filter(teams__in=scope.teams).distinct().order_by("name")
        return [(s.pk, s, s.name) for s in services]
    teams = scope.teams.select_related("service").order_by("service__name", "name")
    return [(t.pk, t, t.name) for t in teams]


def _group_key(scope: Scope, prefix: str = "") -> str:
    return f"{prefix}team__service" if scope.by_service else f"{prefix}team"


def _group_cell(scope: Scope, item) -> object:
    """A service links to its teams (this page, filtered); a team is named."""
    if scope.by_service:
        return Link(item.name, scope.here(service=item.pk))
    return item.name


def _group_drill(scope: Scope, key, **params) -> str:
    return scope.drill_completed(
        **({"service": key} if scope.by_service else {"team": key}), **params
    )


def _group_heading(scope: Scope) -> str:
    return "Service" if scope.by_service else "Team"


# How much did we do ----------------------------------------------------------------------------


def audits_by_month(scope: Scope) -> Figure:
    allocated = _by_month(
        scope.audits.filter(scope.between("allocated_at")), "allocated_at", n=Count("pk")
    )
    completed = _by_month(scope.completed(), "completed_at", n=Count("pk"))
    moderated = _by_month(
        scope.audits.filter(scope.between("moderated_at")), "moderated_at", n=Count("pk")
    )
    rows = []
    for month in scope.months:
        key = f"{month:%Y-%m}"
        a, c, m = (d.get(month, {}).get("n", 0) for d in (allocated, completed, moderated))
        rows.append([
            f"{month:%B %Y}",
            Link(a, scope.drill(month=key)) if a else 0,
            Link(c, scope.drill(completed=key)) if c else 0,
            Link(m, scope.drill(moderated=key)) if m else 0,
        ])  # fmt: skip
    totals = [sum(int(str(r[i])) for r in rows) for i in (1, 2, 3)]
    labels = [f"{m:%b %y}" for m in scope.months]
    return Figure(
        "audits-by-month",
        "Audits allocated, completed and moderated, month by month",
        ["Month", "Allocated", "Completed", "Moderated"],
        rows,
        footer=["Total", *totals],
        chart=_chart(
            "columns_svg",
            labels,
            [
                ("Allocated", [int(str(r[1])) for r in rows]),
                ("Completed", [int(str(r[2])) for r in rows]),
                ("Moderated", [int(str(r[3])) for r in rows]),
            ],
            axis_label="Audits",
            title="Audits allocated, completed and moderated by month",
        ),  # fmt: skip
        chart_alt="Columns of the audits allocated, completed and moderated each month; the "
        "same figures are in the table.",
    )


def audits_by_group(scope: Scope) -> Figure:
    key = _group_key(scope)
    counts = {
        row[key]: row
        for row in scope.audits.values(key)
        .annotate(
            allocated=Count("pk", filter=scope.between("allocated_at")),
            completed=Count("pk", filter=scope.between("completed_at")),
            moderated=Count("pk", filter=scope.between("moderated_at")),
        )
        .order_by()
    }
    months = scope.months_so_far
    rows = []
    for pk, item, _name in _groups(scope):
        row = counts.get(pk, {})
        done = row.get("completed", 0)
        rows.append([
            _group_cell(scope, item),
            row.get("allocated", 0),
            Link(done, _group_drill(scope, pk)) if done else 0,
            row.get("moderated", 0),
            round(done / months, 1),
        ])  # fmt: skip
    return Figure(
        "audits-by-" + ("service" if scope.by_service else "team"),
        f"Audits by {_group_heading(scope).lower()}",
        [_group_heading(scope), "Allocated", "Completed", "Moderated", "Completed a month"],
        rows,
        chart=_chart(
            "columns_svg",
            [str(r[0]) for r in rows],
            [("Allocated", [r[1] for r in rows]), ("Completed", [int(str(r[2])) for r in rows])],
            axis_label="Audits",
            title=f"Audits allocated and completed by {_group_heading(scope).lower()}",
        )
        if len(rows) <= 40
        else None,  # fmt: skip
        chart_alt="Columns of the audits allocated and completed by each "
        f"{_group_heading(scope).lower()}; the same figures are in the table.",
        empty="There are no teams in your scope.",
    )


def managers_expectation(scope: Scope) -> Figure:
    """Each team manager's audits completed as auditor (within the filters) against one
    collaborative review a month, the framework's expectation. A manager audits other teams'
    cases, so only a reader who counts every team's audits (PSQA, the deputy director) sees it:
    a manager's would count audits outside their scope."""
    if not scope.whole_directorate:
        return Figure(
            "managers",
            "Team managers' audits against the expectation of one a month",
            ["Manager", "Team", "Audits completed as auditor", "Expected", "Expectation met (%)"],
            [],
            empty="A manager audits other teams' cases, so this figure counts every team's "
            "audits: PSQA, the deputy director and the Director see it.",
        )
    done = dict(
        scope.completed().values("auditor").annotate(n=Count("pk")).values_list("auditor", "n")
    )
    managers = lines.team_managers_of(scope.teams)
    expected = scope.months_so_far
    team_names = defaultdict(list)
    for user_id, name in Team.managers.through.objects.filter(
        team__in=scope.teams, user__in=managers.values("pk")
    ).values_list("user_id", "team__name"):
        team_names[user_id].append(name)
    rows = []
    for manager in managers:
        n = done.get(manager.pk, 0)
        rows.append([
            manager.get_full_name() or manager.username,
            ", ".join(sorted(team_names[manager.pk])),
            Link(n, scope.drill_completed(auditor=manager.pk)) if n else 0,
            expected,
            percent(n, expected),
        ])  # fmt: skip
    shown = sorted(rows, key=lambda r: int(str(r[2])))[:MANAGERS_SHOWN]  # furthest behind first
    return Figure(
        "managers",
        "Team managers' audits against the expectation of one a month",
        ["Manager", "Team", "Audits completed as auditor", "Expected", "Expectation met (%)"],
        shown,
        all_rows=rows,
        note="The framework expects each manager to lead one collaborative case audit a month. "
        "A manager's audits are those they completed as auditor, of any team's case, within the "
        "filters; the months expected are the period's up to this one."
        + (
            f" These are the {MANAGERS_SHOWN} furthest behind of {len(rows)}: the CSV has them all."
            if len(rows) > MANAGERS_SHOWN
            else ""
        ),
        empty="There are no team managers in the teams chosen.",
    )


def self_assessments(scope: Scope) -> Figure:
    key = _group_key(scope, "audit__")
    counts = {
        row[key]: row
        for row in SelfAssessment.objects.filter(audit__in=scope.completed())
        .values(key)
        .annotate(
            asked=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
            waived=Count("pk", filter=Q(submitted_at__isnull=True) & ~Q(waived_reason="")),
        )
        .order_by()
    }
    rows = []
    for pk, item, _name in _groups(scope):
        row = counts.get(pk, {"asked": 0, "submitted": 0, "waived": 0})
        rows.append([_group_cell(scope, item), row["asked"], row["submitted"], row["waived"],
                     percent(row["submitted"], row["asked"])])  # fmt: skip
    return Figure(
        "self-assessments",
        "Practitioners' self-assessments, for the audits completed",
        [_group_heading(scope), "Asked for", "Submitted", "Waived", "Submitted (% of asked for)"],
        rows,
        empty="There are no teams in your scope.",
    )


def feedback_obtained(scope: Scope) -> Figure:
    completed = scope.completed().annotate(
        **{
            "child_got": Exists(ChildFeedback.objects.filter(audit=OuterRef("pk"))),
            "family_got": Exists(FamilyFeedback.objects.filter(audit=OuterRef("pk"))),
            "network_got": Exists(NetworkFeedback.objects.filter(audit=OuterRef("pk"))),
        },
        **{
            f"{kind}_not": Exists(
                FeedbackNotObtained.objects.filter(audit=OuterRef("pk"), kind=kind)
            )
            for kind in FeedbackKind.values
        },
    )
    totals = completed.aggregate(
        total=Count("pk"),
        **{
            f"{k}_obtained": Count("pk", filter=Q(**{f"{k}_got": True}))
            for k in FeedbackKind.values
        },
        **{
            f"{k}_missing": Count("pk", filter=Q(**{f"{k}_not": True, f"{k}_got": False}))
            for k in FeedbackKind.values
        },
    )
    total = totals["total"]
    rows = []
    for kind, label in FeedbackKind.choices:
        got, not_got = totals[f"{kind}_obtained"], totals[f"{kind}_missing"]
        rows.append([label, total, got, not_got, total - got - not_got, percent(got, total)])
    return Figure(
        "feedback",
        "Feedback obtained for the audits completed",
        ["Feedback from", "Audits completed", "Obtained", "Not obtained (why recorded)",
         "Not recorded", "Obtained (%)"],
        rows if total else [],
    )  # fmt: skip


def feedback_reasons(scope: Scope) -> Figure:
    reasons = (
        FeedbackNotObtained.objects.filter(audit__in=scope.completed())
        .select_related("audit__child")
        .order_by("-audit__completed_at", "kind")[:25]
    )
    return Figure(
        "feedback-not-obtained",
        "Why feedback was not obtained (the latest 25)",
        ["Case", "Feedback from", "Why"],
        [
            [
                Link(r.audit.child.case_id, r.audit.get_absolute_url()),
                r.get_kind_display(),
                r.reason[:300],
            ]
            for r in reasons
        ],  # fmt: skip
        empty="No reasons were recorded for the audits completed in this period.",
    )


# How well did we do it -------------------------------------------------------------------------

_BAND_COUNTS = {band.value: Count("pk", filter=band_q(band)) for band in BANDS}


def _band_cells(row: dict, link: Callable[[str], str]) -> list:
    cells = [Link(row.get(b, 0), link(b)) if row.get(b, 0) else 0 for b in BANDS]
    graded = sum(row.get(b, 0) for b in BANDS)
    good = row.get(Band.GOOD, 0) + row.get(Band.OUTSTANDING, 0)
    return [*cells, graded, percent(good, graded)]


_BAND_HEADERS = [b.label for b in BANDS] + ["Graded", "Good or better (%)"]


def grades_by_month(scope: Scope) -> Figure:
    found = _by_month(
        scope.completed().filter(final_grade__isnull=False), "completed_at", **_BAND_COUNTS
    )
    rows = [
        [f"{m:%B %Y}", *_band_cells(found.get(m, {}), lambda b, m=m: scope.drill(completed=f"{m:%Y-%m}", band=b))]
        for m in scope.months
    ]  # fmt: skip
    totals = scope.completed().filter(final_grade__isnull=False).aggregate(**_BAND_COUNTS)
    return Figure(
        "grades-by-month",
        "Final grades by band, month by month",
        ["Month", *_BAND_HEADERS],
        rows,
        footer=[
            "Total",
            *[str(c) for c in _band_cells(totals, lambda b: scope.drill_completed(band=b))],
        ],
        chart=_chart(
            "columns_svg",
            [f"{m:%b %y}" for m in scope.months],
            [(b.label, [int(str(r[i + 1])) for r in rows]) for i, b in enumerate(BANDS)],
            axis_label="Audits",
            stacked=True,
            title="Final grades by band and month",
        ),  # fmt: skip
        chart_alt="Stacked columns of each month's final grades by band; the same figures are in "
        "the table.",
    )


def grades_by_group(scope: Scope) -> Figure:
    key = _group_key(scope)
    found = {
        row[key]: row
        for row in scope.completed().filter(final_grade__isnull=False).values(key).annotate(**_BAND_COUNTS).order_by()
    }  # fmt: skip
    rows = [
        [_group_cell(scope, item), *_band_cells(found.get(pk, {}), lambda b, pk=pk: _group_drill(scope, pk, band=b))]
        for pk, item, _name in _groups(scope)
    ]  # fmt: skip
    return Figure(
        "grades-by-" + ("service" if scope.by_service else "team"),
        f"Final grades by band and {_group_heading(scope).lower()}",
        [_group_heading(scope), *_BAND_HEADERS],
        rows,
        chart=_chart(
            "horizontal_bars_svg",
            [str(r[0]) for r in rows],
            [None if r[-1] == "–" else r[-1] for r in rows],
            maximum=100,
            step=10,
            axis_label="Audits graded Good or better (%)",
            title=f"Share of audits graded Good or better by {_group_heading(scope).lower()}",
        )
        if len(rows) <= 40
        else None,  # fmt: skip
        chart_alt="Bars of the share of each one's audits graded Good or better; the same "
        "figures are in the table's last column.",
        empty="There are no teams in your scope.",
    )


def moderation_changes(scope: Scope) -> Figure:
    """The auditor's band beside the final band, for the audits moderated in the period."""
    cross = defaultdict(int)
    for row in (
        scope.audits.filter(scope.between("moderated_at"), grade__isnull=False)
        .values("grade", "outstanding", "final_grade", "final_outstanding")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        before = grade_band(row["grade"], outstanding=row["outstanding"]).label
        after = grade_band(row["final_grade"], outstanding=row["final_outstanding"]).label
        cross[before, after] += row["n"]
    rows = []
    for before in BANDS:
        cells = [cross[before.label, after.label] for after in BANDS]
        if any(cells):
            changed = sum(c for after, c in zip(BANDS, cells, strict=True) if after != before)
            rows.append([before.label, *cells, sum(cells), changed])
    return Figure(
        "moderation-changes",
        "Moderated audits: the auditor's grade beside the final grade",
        ["Auditor's grade", *[f"Final: {b.label}" for b in BANDS], "Moderated", "Changed"],
        rows,
        empty="No audits were moderated in this period.",
    )


def practice_areas(scope: Scope) -> Figure:
    found = (
        AreaScore.objects.filter(audit__in=scope.completed(), score__isnull=False)
        .values("area")
        .annotate(mean=Avg("score"), scored=Count("pk"), low=Count("pk", filter=Q(score__lte=3)))
        .order_by("mean", "area")
    )
    rows = [
        [AREA_TITLES[r["area"]], str(AREA_KINDS[r["area"]]).capitalize(), average(r["mean"]),
         r["scored"], percent(r["low"], r["scored"])]
        for r in found
    ]  # fmt: skip
    return Figure(
        "practice-areas",
        "The 19 practice areas' average scores, weakest first",
        ["Practice area", "Section", "Average score (0–10)", "Audits scored", "Scored 0–3 (%)"],
        rows,
        chart=_chart(
            "horizontal_bars_svg",
            [r[0] for r in rows],
            [r[2] for r in rows],
            maximum=10,
            axis_label="Average score (0–10)",
            title="Average score of each practice area, weakest first",
        ),  # fmt: skip
        chart_alt="Bars of each practice area's average score, weakest first; the same figures "
        "are in the table.",
        note="Health check areas (Section 3) are the auditor's rating; collaborative areas "
        "(Section 4) are scaled with the practitioner; area 19 is the auditor's rating of "
        "management oversight.",
    )


def scaling_gap(scope: Scope) -> Figure:
    """Practitioners' own scaling (their self-assessment) beside the audit's collaborative
    scores, by team or service."""
    key = _group_key(scope, "audit__")
    completed = scope.completed()
    own = {
        row[key]: row
        for row in SelfAssessment.objects.filter(audit__in=completed, submitted_at__isnull=False)
        .values(key)
        .annotate(difference=Avg("difference_score"), sos=Avg("signs_of_safety_score"), n=Count("pk"))
        .order_by()
    }  # fmt: skip
    collaborative = [a.number for a in PRACTICE_AREAS if a.kind == AreaKind.COLLABORATIVE]
    self_assessed = SelfAssessment.objects.filter(audit=OuterRef("pk"), submitted_at__isnull=False)
    agreed = {
        row[key]: row["mean"]
        for row in AreaScore.objects.filter(  # the same audits: those self-assessed
            audit__in=completed.filter(Exists(self_assessed)),
            area__in=collaborative,
            score__isnull=False,
        )
        .values(key)
        .annotate(mean=Avg("score"))
        .order_by()
    }
    rows = []
    for pk, item, _name in _groups(scope):
        mine, theirs = own.get(pk), agreed.get(pk)
        if not mine and theirs is None:
            continue
        difference = mine and mine["difference"]
        gap = (
            "–"
            if difference is None or theirs is None
            else round(float(difference) - float(theirs), 1)
        )
        rows.append([_group_cell(scope, item), mine["n"] if mine else 0,
                     average(difference), average(mine and mine["sos"]), average(theirs), gap])  # fmt: skip
    return Figure(
        "scaling",
        "Practitioners' own scaling beside the audit's collaborative scores",
        [_group_heading(scope), "Self-assessments", "Practitioner: difference made (0–10)",
         "Practitioner: use of Signs of Safety (0–10)", "Audit: collaborative areas (0–10)",
         "Gap (practitioner − audit)"],
        rows,
        note="A positive gap: practitioners scaled the difference they made higher than the "
        "audit's collaborative areas were scored.",
    )  # fmt: skip


def moderation_scaling(scope: Scope) -> Figure:
    """The auditor's and the moderator's score of each area, for audits moderated in the period."""
    scores = ModerationScore.objects.filter(
        moderation__status=ModerationStatus.FINALISED,
        moderation__audit__in=scope.audits,
        moderation__finalised_at__gte=scope.lo,
        moderation__finalised_at__lt=scope.hi,
        score__isnull=False,
    ).annotate(
        auditor_score=Subquery(
            AreaScore.objects.filter(
                audit=OuterRef("moderation__audit"), area=OuterRef("area")
            ).values("score")[:1]
        )
    )
    found = (
        scores.filter(auditor_score__isnull=False)
        .values("area")
        .annotate(moderator=Avg("score"), auditor=Avg("auditor_score"), n=Count("pk"))
        .order_by("area")
    )
    rows = [
        [AREA_TITLES[r["area"]], r["n"], average(r["auditor"]), average(r["moderator"]),
         round(float(r["moderator"]) - float(r["auditor"]), 1)]
        for r in found
    ]  # fmt: skip
    return Figure(
        "moderation-scaling",
        "The auditor's and the moderator's scores, area by area",
        ["Practice area", "Moderated", "Auditor (0–10)", "Moderator (0–10)", "Difference"],
        rows,
        empty="No moderation was finalised in this period.",
    )


def themes(scope: Scope) -> Figure:
    found = {
        row["theme"]: row
        for row in scope.completed().filter(final_grade__isnull=False).exclude(theme="")
        .values("theme").annotate(**_BAND_COUNTS).order_by()
    }  # fmt: skip
    rows = [
        [label, *_band_cells(found[code], lambda b, code=code: scope.drill_completed(theme=code, band=b))]
        for code, label in Theme.choices
        if code in found
    ]  # fmt: skip
    return Figure(
        "themes",
        "Themes (the seven core areas of practice) and their grades",
        ["Theme", *_BAND_HEADERS],
        rows,
        empty="No audit completed in this period had a theme.",
    )


def follow_ups(scope: Scope) -> Figure:
    key = _group_key(scope, "audit__")
    today = timezone.localdate()
    found = {
        row[key]: row
        for row in FollowUp.objects.filter(
            audit__in=scope.audits, due_date__gte=scope.start, due_date__lt=add_months(scope.end, 1)
        )
        .values(key)
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(done_at__date__lte=F("due_date"))),
            late=Count("pk", filter=Q(done_at__date__gt=F("due_date"))),
            overdue=Count("pk", filter=Q(done_at__isnull=True, due_date__lt=today)),
        )
        .order_by()
    }
    rows = []
    for pk, item, _name in _groups(scope):
        r = found.get(pk)
        if r:
            rows.append([_group_cell(scope, item), r["due"], r["on_time"], r["late"],
                         r["overdue"], percent(r["on_time"], r["on_time"] + r["late"] + r["overdue"])])  # fmt: skip
    return Figure(
        "follow-ups",
        "Follow-ups due in the period: done on time, late, or overdue",
        [_group_heading(scope), "Due", "Done on time", "Done late", "Overdue, not done",
         "On time (%)"],
        rows,
        note="On time: of the follow-ups done or overdue (those not yet due are not counted).",
        empty="No follow-up was due in this period.",
    )  # fmt: skip


def immediate_actions(scope: Scope) -> Figure:
    """Inadequate audits' immediate actions: done within 24 hours of the Inadequate outcome being
    sent (the clock the escalation runs on: `workdays.within_24_hours`), by the month it was
    sent. Only an Inadequate audit's outcome is sent, so only Inadequate audits count; a
    Requires-improvement audit's actions keep the auditor's timescales."""
    deadline = F("audit__outcome_sent_at") + workdays.IMMEDIATE_ACTION_WINDOW
    found = _by_month(
        Action.objects.filter(
            audit__in=scope.audits.exclude(status=AuditStatus.CANCELLED),
            audit__outcome_sent_at__isnull=False,
            immediate=True,
        ).filter(scope.between("audit__outcome_sent_at")),
        "audit__outcome_sent_at",
        audits=Count("audit", distinct=True),
        n=Count("pk"),
        in_time=Count("pk", filter=Q(status=ActionStatus.DONE, completed_at__lte=deadline)),
        later=Count("pk", filter=Q(status=ActionStatus.DONE, completed_at__gt=deadline)),
        still_open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
    )
    rows = [
        [f"{m:%B %Y}", r["audits"], r["n"], r["in_time"], r["later"], r["still_open"],
         percent(r["in_time"], r["n"])]
        for m in scope.months
        if (r := found.get(m))
    ]  # fmt: skip
    return Figure(
        "immediate-actions",
        "Immediate actions (Inadequate audits) done within 24 hours",
        ["Month the outcome was sent", "Inadequate audits", "Immediate actions",
         "Done within 24 hours", "Done later", "Still open", "Within 24 hours (%)"],
        rows,
        note="The 24 hours run from the moment the auditor sent the Inadequate outcome, as the "
        "escalation's do; an action is counted in the month its audit's outcome was sent.",
        empty="No Inadequate outcome was sent in this period.",
    )  # fmt: skip


def moderation_agreement(scope: Scope) -> Figure:
    found = _by_month(
        Moderation.objects.filter(audit__in=scope.audits, status=ModerationStatus.FINALISED).filter(
            scope.between("finalised_at")
        ),
        "finalised_at",
        n=Count("pk"),
        agree=Count("pk", filter=Q(agreement=Agreement.AGREE)),
        disagree=Count("pk", filter=Q(agreement=Agreement.DISAGREE)),
    )
    rows = [
        [f"{m:%B %Y}", r["n"], r["agree"], r["disagree"], percent(r["agree"], r["n"])]
        for m in scope.months
        if (r := found.get(m))
    ]
    total = sum(r[1] for r in rows)
    agreed = sum(r[2] for r in rows)
    return Figure(
        "moderation-agreement",
        "Moderation: the moderator agreed with the auditor's grade",
        ["Month finalised", "Moderations finalised", "Agreed", "Disagreed", "Agreed (%)"],
        rows,
        footer=["Total", total, agreed, total - agreed, percent(agreed, total)] if rows else None,
        empty="No moderation was finalised in this period.",
    )


# Is anyone better off --------------------------------------------------------------------------

_PAIRS_SQL = """
WITH ordered AS (
    SELECT a.id, a.completed_at, a.final_grade + a.final_outstanding::int AS final_grade,
           lag(a.id) OVER w AS previous_id,
           lag(a.final_grade + a.final_outstanding::int) OVER w AS previous_grade
    FROM audits_audit a
    WHERE a.completed_at IS NOT NULL AND a.final_grade IS NOT NULL AND a.id IN ({scoped})
      AND a.child_id IN (  -- only the children audited in the period: not a county's decade
          SELECT b.child_id FROM audits_audit b WHERE b.completed_at >= %s AND b.completed_at < %s
      )
    WINDOW w AS (PARTITION BY a.child_id ORDER BY a.completed_at, a.id)
), pairs AS (
    SELECT * FROM ordered
    WHERE previous_id IS NOT NULL AND completed_at >= %s AND completed_at < %s
)
"""


def _pairs(scope: Scope, select: str) -> list[tuple]:
    scoped, params = scope.audits.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            _PAIRS_SQL.format(scoped=scoped) + select,
            [*params, scope.lo, scope.hi, scope.lo, scope.hi],
        )
        return cursor.fetchall()


def distance_grades(scope: Scope) -> Figure:
    """Children audited again: the later audit (completed in the period) beside the one before."""
    ((pairs, better, same, worse, change),) = _pairs(
        scope,
        "SELECT count(*), count(*) FILTER (WHERE final_grade > previous_grade), "
        "count(*) FILTER (WHERE final_grade = previous_grade), "
        "count(*) FILTER (WHERE final_grade < previous_grade), "
        "avg(final_grade - previous_grade) FROM pairs",
    )
    rows = (
        [["Audits of a child audited before", pairs, better, same, worse, average(change)]]
        if pairs
        else []
    )
    return Figure(
        "distance-travelled",
        "Distance travelled: the same child audited again",
        ["", "Audits", "Grade higher", "Grade the same", "Grade lower", "Average change (grades)"],
        rows,
        note="Each audit completed in the period of a child audited before, beside that child's "
        "previous audit. Outstanding counts one above Good.",
        empty="No child audited in this period had been audited before.",
    )


def distance_areas(scope: Scope) -> Figure:
    # The pairs first, then their scores by index (ANY): joined in one statement, PostgreSQL
    # misjudged the pairs and read every area score of a county's decade (480,000) twice.
    pairs = _pairs(scope, "SELECT id, previous_id FROM pairs")
    later, earlier = [p[0] for p in pairs], [p[1] for p in pairs]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.area, count(*), avg(p.score), avg(s.score) "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS pair(id, previous_id) "
            "JOIN audits_areascore s ON s.audit_id = pair.id "
            "JOIN audits_areascore p ON p.audit_id = pair.previous_id AND p.area = s.area "
            "WHERE s.audit_id = ANY(%s::bigint[]) AND p.audit_id = ANY(%s::bigint[]) "
            "AND s.score IS NOT NULL AND p.score IS NOT NULL GROUP BY s.area ORDER BY s.area",
            [later, earlier, later, earlier],
        )
        found = cursor.fetchall()
    rows = [
        [AREA_TITLES[area], n, average(before), average(after),
         round(float(after) - float(before), 1)]
        for area, n, before, after in found
    ]  # fmt: skip
    return Figure(
        "distance-by-area",
        "Distance travelled, score by score",
        [
            "Practice area",
            "Audits of a child audited before",
            "Before (0–10)",
            "Now (0–10)",
            "Change",
        ],
        rows,
        empty="No child audited in this period had been audited before.",
    )


def family_statements(scope: Scope) -> Figure:
    """The family's nine statements (0–10): the average over time, and the spread."""
    yearly = len(scope.months) > 24
    scores = StatementScore.objects.filter(
        family_feedback__audit__in=scope.audits,
        family_feedback__contact_date__gte=scope.start,
        family_feedback__contact_date__lt=add_months(scope.end, 1),
        score__isnull=False,
    )
    spread = {
        r["statement"]: r
        for r in scores.values("statement")
        .annotate(
            n=Count("pk"),
            mean=Avg("score"),
            low=Count("pk", filter=Q(score__lte=3)),
            mid=Count("pk", filter=Q(score__gte=4, score__lte=6)),
            high=Count("pk", filter=Q(score__gte=7)),
        )
        .order_by()
    }
    from django.db.models.functions import TruncQuarter, TruncYear

    trunc = (TruncYear if yearly else TruncQuarter)("family_feedback__contact_date")
    periods = defaultdict(dict)
    for r in (
        scores.annotate(p=trunc).values("p", "statement").annotate(mean=Avg("score")).order_by()
    ):
        periods[r["p"]][r["statement"]] = r["mean"]
    keys = sorted(periods)
    names = [f"{p:%Y}" if yearly else f"{p:%Y} Q{(p.month - 1) // 3 + 1}" for p in keys]
    rows = []
    for number, text in FAMILY_STATEMENTS:
        r = spread.get(number)
        if not r:
            continue
        rows.append([f"{number}. {text}", r["n"], average(r["mean"]),
                     percent(r["low"], r["n"]), percent(r["mid"], r["n"]), percent(r["high"], r["n"]),
                     *[average(periods[p].get(number)) for p in keys]])  # fmt: skip
    return Figure(
        "family-statements",
        "What families told us: the nine statements over time",
        ["Statement", "Answers", "Average (0–10)", "0–3 (%)", "4–6 (%)", "7–10 (%)", *names],
        rows,
        chart=_chart(
            "small_multiples_svg",
            [f"Statement {r[0].split('.')[0]}" for r in rows],
            names,
            [[None if v == "–" else v for v in r[6:]] for r in rows],
            maximum=10,
            axis_label="Average (0–10)",
            title="Average score of each family statement over time",
        )
        if rows and names
        else None,  # fmt: skip
        chart_alt="Small charts of each statement's average score by "
        f"{'year' if yearly else 'quarter'}; the same figures are in the table.",
        empty="No family feedback was recorded in this period.",
    )


def actions_completed(scope: Scope) -> Figure:
    key = _group_key(scope, "audit__")
    today = timezone.localdate()
    found = {
        row[key]: row
        for row in Action.objects.filter(audit__in=scope.completed())
        .values(key)
        .annotate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
            overdue=Count("pk", filter=overdue_q(on=today)),
        )
        .order_by()
    }
    rows = [
        [_group_cell(scope, item), r["n"], r["done"], r["n"] - r["done"] - r["overdue"],
         r["overdue"], percent(r["done"], r["n"])]
        for pk, item, _name in _groups(scope)
        if (r := found.get(pk))
    ]  # fmt: skip
    return Figure(
        "actions",
        "Actions from the audits completed: done, open, overdue",
        [_group_heading(scope), "Actions", "Done", "Open, not yet due", "Overdue", "Done (%)"],
        rows,
        empty="No actions were agreed in the audits completed in this period.",
    )


def measures_beside_grades(scope: Scope) -> Figure:
    """Each month: the share of audits graded Good or better beside the Signs of Safety
    measures done (the average of the eight measures' shares at the month's end)."""
    grades = _by_month(
        scope.completed().filter(final_grade__isnull=False), "completed_at", **_BAND_COUNTS
    )
    figures = MonthlyFigure.objects.filter(team__in=scope.teams, month__in=scope.months)
    if scope.plan_type:
        figures = figures.filter(plan_type=scope.plan_type)
    measures = {
        r["month"]: r
        for r in figures.values("month")
        .annotate(children=Sum("children"), **{code: Sum(code) for code in MEASURES})
        .order_by()
    }
    rows = []
    for month in scope.months:
        g = grades.get(month, {})
        graded = sum(g.get(b, 0) for b in BANDS)
        good = g.get(Band.GOOD, 0) + g.get(Band.OUTSTANDING, 0)
        m = measures.get(month)
        share = (
            percent(sum(m[c] for c in MEASURES), len(MEASURES) * m["children"])
            if m and m["children"]
            else "–"
        )
        rows.append([f"{month:%B %Y}", graded, percent(good, graded), share])
    return Figure(
        "measures-beside-grades",
        "Signs of Safety measures beside the audit grades",
        ["Month", "Audits graded", "Good or better (%)", "Signs of Safety measures done (%)"],
        rows,
        chart=_chart(
            "columns_svg",
            [f"{m:%b %y}" for m in scope.months],
            [
                ("Audits Good or better (%)", [None if r[2] == "–" else r[2] for r in rows]),
                ("Measures done (%)", [None if r[3] == "–" else r[3] for r in rows]),
            ],
            axis_label="%",
            maximum=100,
            lines=True,
            title="Audits graded Good or better beside the Signs of Safety measures done",
        ),  # fmt: skip
        chart_alt="Two lines, month by month: the share of audits graded Good or better and the "
        "share of the Signs of Safety measures done; the same figures are in the table.",
        note="Measures done: the average, over the eight measures, of the share of open "
        "children with the measure done at the month's end (the dashboard's figures).",
    )


PAGES = {
    "how-much": [audits_by_month, audits_by_group, managers_expectation, self_assessments,
                 feedback_obtained, feedback_reasons],
    "how-well": [grades_by_month, grades_by_group, moderation_changes, practice_areas,
                 scaling_gap, moderation_scaling, themes, follow_ups, immediate_actions,
                 moderation_agreement],
    "better-off": [distance_grades, distance_areas, family_statements, actions_completed,
                   measures_beside_grades],
}  # fmt: skip
