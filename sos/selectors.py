"""Every read of the dashboard that depends on the user: the grids of children and measures, the
shares by team and service now and month by month (from the roll-up), a child's history."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, QuerySet, Sum
from django.utils import timezone

from bexley_qa.people.models import Child

from . import figures
from .models import SHORT_LABELS, Measure, MeasureCompletion, MonthlyFigure

MEASURES = figures.MEASURES
HEADINGS = [(code, SHORT_LABELS[code], Measure(code).label) for code in MEASURES]


@dataclass
class Shares:
    """Children counted and how many had each measure done."""

    children: int = 0
    done: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))

    def percent(self, code: str) -> int | None:
        return round(100 * self.done[code] / self.children) if self.children else None

    @property
    def cells(self) -> list[tuple[int, int | None]]:
        """(done, percent) per measure, in the measures' order (for the tables)."""
        return [(self.done[code], self.percent(code)) for code in MEASURES]

    @property
    def percents(self) -> list[int | None]:
        return [self.percent(code) for code in MEASURES]


def _shares(row: dict) -> Shares:
    return Shares(
        children=row["children_sum"] or 0, done={c: row[f"{c}_sum"] or 0 for c in MEASURES}
    )


_SUMS = {"children_sum": Sum("children"), **{f"{c}_sum": Sum(c) for c in MEASURES}}


def _figures(team_ids, plan_type: str) -> QuerySet[MonthlyFigure]:
    """The roll-up's rows of these teams (None: every team's)."""
    rows = MonthlyFigure.objects.all()
    rows = rows if team_ids is None else rows.filter(team_id__in=team_ids)
    return rows.filter(plan_type=plan_type) if plan_type else rows


def shares_by(group: str, *, team_ids, month: date, plan_type: str = "") -> dict[int, Shares]:
    """This month's shares for each team (`group="team"`) or service (`"team__service"`)."""
    rows = (
        _figures(team_ids, plan_type).filter(month=month).values(group).annotate(**_SUMS).order_by()
    )
    return {row[group]: _shares(row) for row in rows}


def shares_total(*, team_ids, month: date, plan_type: str = "") -> Shares:
    return _shares(_figures(team_ids, plan_type).filter(month=month).aggregate(**_SUMS))


def month_by_month(
    *, team_ids, months: list[date], plan_type: str = ""
) -> list[tuple[date, Shares]]:
    """The shares of the teams together, for each of the months (oldest first)."""
    rows = {
        row["month"]: _shares(row)
        for row in _figures(team_ids, plan_type)
        .filter(month__in=months)
        .values("month")
        .annotate(**_SUMS)
        .order_by()
    }
    return [(month, rows.get(month, Shares())) for month in months]


@dataclass
class GridRow:
    child: Child
    done: list[date | None]  # the latest completion of each measure since the referral, or None
    days_open: int

    @property
    def done_count(self) -> int:
        return sum(day is not None for day in self.done)


SORTS = {
    "name": lambda r: (r.child.last_name.lower(), r.child.first_name.lower()),
    "case": lambda r: r.child.case_id,
    "plan": lambda r: (r.child.get_plan_type_display(), r.child.last_name.lower()),
    "open": lambda r: (-r.days_open, r.child.last_name.lower()),
    "todo": lambda r: (r.done_count, -r.days_open),
}


def grid(children: QuerySet[Child], *, sort: str = "name", plan_type: str = "") -> list[GridRow]:
    """Open children × the eight measures: done (the latest date since the referral) or to do.
    Two queries, however many children."""
    children = children.filter(is_open=True).select_related("allocated_worker")
    if plan_type:
        children = children.filter(plan_type=plan_type)
    children = list(children)
    latest = {}
    for row in (
        MeasureCompletion.objects.filter(
            child__in=[c.pk for c in children], completed_on__gte=F("child__referral_date")
        )
        .values("child_id", "measure")
        .annotate(latest=Max("completed_on"))
        .order_by()
    ):
        latest[row["child_id"], row["measure"]] = row["latest"]
    today = timezone.localdate()
    rows = [
        GridRow(
            child=child,
            done=[latest.get((child.pk, code)) for code in MEASURES],
            days_open=(today - child.referral_date).days,
        )
        for child in children
    ]
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]))


def grid_shares(rows: list[GridRow]) -> Shares:
    """The shares now of a grid's children (a team's, live)."""
    shares = Shares(children=len(rows))
    for row in rows:
        for code, day in zip(MEASURES, row.done, strict=True):
            shares.done[code] += day is not None
    return shares


def child_history(child: Child) -> list[MeasureCompletion]:
    """Every completion recorded for the child, newest first."""
    return list(
        child.sos_measures.select_related("recorded_by").order_by("-completed_on", "measure")
    )


def records_of_child(child: Child):
    """What the dashboard holds about a child (bexley_qa/people/records.py)."""
    return [("Signs of Safety measures", MeasureCompletion, {"child": child})]
