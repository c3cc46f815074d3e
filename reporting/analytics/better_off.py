"""Is anyone better off? Distance travelled (a child audited again beside their audit before);
what families told us over time; actions done, open and overdue; the Signs of Safety measures
beside the share of audits graded Good or better."""

from collections import defaultdict

from django.db import connection
from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from audits.models import (
    Action,
    ActionStatus,
    Band,
    overdue_q,
)
from bexley_qa import workdays
from bexley_qa.workdays import add_months
from feedback.models import (
    StatementScore,
)
from feedback.statements import FAMILY_STATEMENTS
from sos.models import MonthlyFigure
from sos.selectors import MEASURES

from .figure import (
    AREA_TITLES,
    BAND_COUNTS,
    BANDS,
    Figure,
    Scope,
    average,
    by_month,
    chart_of,
    group_cell,
    group_heading,
    group_key,
    groups,
    percent,
)

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
        [
            "Which audits",
            "Audits",
            "Grade higher",
            "Grade the same",
            "Grade lower",
            "Average change (grades)",
        ],  # fmt: skip
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
    names = [f"{p:%Y}" if yearly else workdays.quarter_label(p) for p in keys]
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
        chart=chart_of(
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
    key = group_key(scope, "audit__")
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
        [group_cell(scope, item), r["n"], r["done"], r["n"] - r["done"] - r["overdue"],
         r["overdue"], percent(r["done"], r["n"])]
        for pk, item, _name in groups(scope)
        if (r := found.get(pk))
    ]  # fmt: skip
    return Figure(
        "actions",
        "Actions from the audits completed: done, open, overdue",
        [group_heading(scope), "Actions", "Done", "Open, not yet due", "Overdue", "Done (%)"],
        rows,
        empty="No actions were agreed in the audits completed in this period.",
    )


def measures_beside_grades(scope: Scope) -> Figure:
    """Each month: the share of audits graded Good or better beside the Signs of Safety
    measures done (the average of the eight measures' shares at the month's end)."""
    grades = by_month(
        scope.completed().filter(final_grade__isnull=False), "completed_at", **BAND_COUNTS
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
        chart=chart_of(
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
