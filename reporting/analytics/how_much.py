"""How much did we do? Audits allocated, completed and moderated; by service or team; the
managers' audits against one a month; self-assessments; feedback obtained or not, and why."""

from django.db.models import Count, Exists, OuterRef, Q

from audits.models import (
    SelfAssessment,
)
from bexley_qa.people import lines
from feedback.models import (
    ChildFeedback,
    FamilyFeedback,
    FeedbackKind,
    FeedbackNotObtained,
    NetworkFeedback,
)

from .figure import (
    MANAGERS_SHOWN,
    Figure,
    Link,
    Scope,
    by_month,
    chart_of,
    group_cell,
    group_drill,
    group_heading,
    group_key,
    groups,
    percent,
)


def audits_by_month(scope: Scope) -> Figure:
    allocated = by_month(
        scope.audits.filter(scope.between("allocated_at")), "allocated_at", n=Count("pk")
    )
    completed = by_month(scope.completed(), "completed_at", n=Count("pk"))
    moderated = by_month(
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
        chart=chart_of(
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
    key = group_key(scope)
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
    for pk, item, _name in groups(scope):
        row = counts.get(pk, {})
        done = row.get("completed", 0)
        rows.append([
            group_cell(scope, item),
            row.get("allocated", 0),
            Link(done, group_drill(scope, pk)) if done else 0,
            row.get("moderated", 0),
            round(done / months, 1),
        ])  # fmt: skip
    return Figure(
        "audits-by-" + ("service" if scope.by_service else "team"),
        f"Audits by {group_heading(scope).lower()}",
        [group_heading(scope), "Allocated", "Completed", "Moderated", "Completed a month"],
        rows,
        chart=chart_of(
            "columns_svg",
            [str(r[0]) for r in rows],
            [("Allocated", [r[1] for r in rows]), ("Completed", [int(str(r[2])) for r in rows])],
            axis_label="Audits",
            title=f"Audits allocated and completed by {group_heading(scope).lower()}",
        )
        if len(rows) <= 40
        else None,  # fmt: skip
        chart_alt="Columns of the audits allocated and completed by each "
        f"{group_heading(scope).lower()}; the same figures are in the table.",
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
    team_names = lines.teams_each_manages(managers, scope.teams)
    rows = []
    for manager in managers:
        n = done.get(manager.pk, 0)
        rows.append([
            manager.get_full_name() or manager.username,
            ", ".join(sorted(team_names.get(manager.pk, []))),
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
    key = group_key(scope, "audit__")
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
    for pk, item, _name in groups(scope):
        row = counts.get(pk, {"asked": 0, "submitted": 0, "waived": 0})
        rows.append([group_cell(scope, item), row["asked"], row["submitted"], row["waived"],
                     percent(row["submitted"], row["asked"])])  # fmt: skip
    return Figure(
        "self-assessments",
        "Practitioners' self-assessments, for the audits completed",
        [group_heading(scope), "Asked for", "Submitted", "Waived", "Submitted (% of asked for)"],
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
    """Case by case, with what the auditor typed: only for a reader who may open those audits."""
    if not scope.case_level:
        return Figure(
            "feedback-not-obtained",
            "Why feedback was not obtained (the latest 25)",
            ["Case", "Feedback from", "Why"],
            [],
            empty="The reasons are recorded case by case, in the auditor's words: the managers of "
            "the teams and PSQA read them.",
        )
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
