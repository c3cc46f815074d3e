"""How the dashboard counts (the seed gives no definitions: these are ours, and the pages say
them under "How we count"), and the month-by-month roll-up that keeps its pages fast.

- A measure is **done** for a child when it was completed on or after the child's current
  referral date (a new referral starts the count again).
- A month's **share** for a measure is the share of children open at the month's end (referred by
  then, not closed by then) who had it done by the month's end.
- The figures of a month, team and plan type are kept in MonthlyFigure: the current month's are
  refreshed by every import, every measure recorded and each night; when a month has ended its
  figures are taken a last time (the monthly report's) and are not changed after.
"""

from datetime import date

from django.db import connection, transaction

from bexley_qa.workdays import month_end, this_month
from bexley_qa.workflow import Tag

from .models import Measure, MonthlyFigure

MEASURES = [m.value for m in Measure]
# A measure for one child, as the child's page shows it.
MEASURE_DONE = Tag("Done", "green")
MEASURE_TO_DO = Tag("To do", "grey")
FIGURES_LOCK = 4_210_001  # the advisory lock that serialises refreshes of MonthlyFigure
HOW_WE_COUNT = [
    "A measure is done for a child when it was completed on or after the child's current "
    "referral date. A new referral starts the count again.",
    "A month's share is the share of the children open at the end of the month (referred by "
    "then and not closed by then) who had the measure done by the end of the month.",
    "The figures for the current month are refreshed with every import from the case system "
    "and each night. When a month ends, its figures are taken for the last time, for the monthly "
    "report, and are not changed after.",
    "The Performance Team's Monthly Performance Data counts Signs of Safety from the same case "
    "system with its own rules, so its figures may differ from these.",
]


# One pass over the children and their completions: each child's first completion of each
# measure since its referral, then counted against each month's end.
_FIGURES_SQL = """
WITH firsts AS (
    SELECT c.id, c.team_id, c.plan_type, c.referral_date, c.is_open, c.closed_on,
           {firsts}
    FROM people_child c
    LEFT JOIN dashboard_measurecompletion m
           ON m.child_id = c.id AND m.completed_on >= c.referral_date
    WHERE c.anonymised_at IS NULL {team_filter}
    GROUP BY c.id
), months AS (
    SELECT * FROM unnest(%(months)s::date[], %(ends)s::date[]) AS m(month, month_end)
)
INSERT INTO dashboard_monthlyfigure
    (month, team_id, plan_type, children, {columns}, final, computed_at)
SELECT months.month, f.team_id, f.plan_type, count(*), {counts}, %(final)s, now()
FROM firsts f
JOIN months ON f.referral_date <= months.month_end
           AND (f.is_open OR f.closed_on > months.month_end)
GROUP BY months.month, f.team_id, f.plan_type
"""


def refresh(*, months: list[date], team_ids: list[int] | None = None, final: bool = False) -> int:
    """Count the figures of these months (first days) afresh, for these teams or every team,
    replacing what was kept. Months already final are left as they are unless `final` is asked
    for again by the monthly job. Returns how many rows were written."""
    if not months:
        return 0
    firsts = ",\n           ".join(
        f"min(m.completed_on) FILTER (WHERE m.measure = '{code}') AS {code}" for code in MEASURES
    )
    counts = ", ".join(f"count(*) FILTER (WHERE f.{code} <= months.month_end)" for code in MEASURES)
    sql = _FIGURES_SQL.format(
        firsts=firsts,
        columns=", ".join(MEASURES),
        counts=counts,
        team_filter="AND c.team_id = ANY(%(teams)s)" if team_ids is not None else "",
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            # One refresh at a time (until this transaction ends): two measures recorded at once
            # in one team would otherwise both delete the old rows and both insert new ones.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FIGURES_LOCK])
        kept = MonthlyFigure.objects.filter(month__in=months)
        if team_ids is not None:
            kept = kept.filter(team_id__in=team_ids)
        if not final:
            frozen = set(kept.filter(final=True).values_list("month", flat=True))
            months = [m for m in months if m not in frozen]
            if not months:
                return 0
            kept = kept.filter(month__in=months)
        kept.delete()
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                {
                    "months": months,
                    "ends": [month_end(m) for m in months],
                    "teams": team_ids or [],
                    "final": final,
                },
            )
            return cursor.rowcount


def refresh_current(team_ids: list[int] | None = None) -> int:
    """The current month's figures, after an import, a measure recorded, or each night."""
    return refresh(months=[this_month()], team_ids=team_ids)


def refresh_after_children(run) -> None:
    """After the children's export: every team's figures of this month, when any child changed
    (new, moved, closed... anything but unchanged)."""
    if set(run.summary) - {"unchanged"}:
        refresh_current()
