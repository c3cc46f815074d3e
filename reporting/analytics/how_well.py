"""How well did we do it? Final grades by month and by service or team; what moderation changed;
the practice areas' scores; practitioners' own scaling beside the audit's; auditor beside
moderator; the themes; follow-ups on time; Inadequate audits' immediate actions within 24 hours;
service managers' reviews of Inadequate audits; moderation agreement."""

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from audits.models import (
    GRADE_BANDS,
    Action,
    ActionStatus,
    AreaScore,
    AuditStatus,
    Band,
    FollowUp,
    ManagerReview,
    ReviewKind,
    SelfAssessment,
    Theme,
    follow_up_timeliness,
    grade_band,
)
from audits.practice_areas import PRACTICE_AREAS, AreaKind
from bexley_qa import workdays
from bexley_qa.workdays import add_months
from moderation.models import Agreement, Moderation, ModerationScore, ModerationStatus

from .figure import (
    AREA_KINDS,
    AREA_TITLES,
    BAND_COUNTS,
    BANDS,
    Figure,
    Link,
    Scope,
    average,
    by_month,
    chart_of,
    group_cell,
    group_drill,
    group_heading,
    group_key,
    groups,
    percent,
)


def _band_cells(row: dict, link: Callable[[str], str]) -> list:
    cells = [Link(row.get(b, 0), link(b)) if row.get(b, 0) else 0 for b in BANDS]
    graded = sum(row.get(b, 0) for b in BANDS)
    good = row.get(Band.GOOD, 0) + row.get(Band.OUTSTANDING, 0)
    return [*cells, graded, percent(good, graded)]


_BAND_HEADERS = [b.label for b in BANDS] + ["Graded", "Good or better (%)"]


def grades_by_month(scope: Scope) -> Figure:
    found = by_month(
        scope.completed().filter(final_grade__isnull=False), "completed_at", **BAND_COUNTS
    )
    rows = [
        [f"{m:%B %Y}", *_band_cells(found.get(m, {}), lambda b, m=m: scope.drill(completed=f"{m:%Y-%m}", band=b))]
        for m in scope.months
    ]  # fmt: skip
    totals = scope.completed().filter(final_grade__isnull=False).aggregate(**BAND_COUNTS)
    return Figure(
        "grades-by-month",
        "Final grades by band, month by month",
        ["Month", *_BAND_HEADERS],
        rows,
        footer=[
            "Total",
            *[str(c) for c in _band_cells(totals, lambda b: scope.drill_completed(band=b))],
        ],
        chart=chart_of(
            "columns_svg",
            [f"{m:%b %y}" for m in scope.months],
            [(b.label, [int(str(r[i + 1])) for r in rows]) for i, b in enumerate(BANDS)],
            axis_label="Audits",
            stacked=True,
            tags=[GRADE_BANDS[b].tag_colour for b in BANDS],
            title="Final grades by band and month",
        ),  # fmt: skip
        chart_alt="Stacked columns of each month's final grades by band; the same figures are in "
        "the table.",
    )


def grades_by_group(scope: Scope) -> Figure:
    key = group_key(scope)
    found = {
        row[key]: row
        for row in scope.completed().filter(final_grade__isnull=False).values(key).annotate(**BAND_COUNTS).order_by()
    }  # fmt: skip
    rows = [
        [group_cell(scope, item), *_band_cells(found.get(pk, {}), lambda b, pk=pk: group_drill(scope, pk, band=b))]
        for pk, item, _name in groups(scope)
    ]  # fmt: skip
    return Figure(
        "grades-by-" + ("service" if scope.by_service else "team"),
        f"Final grades by band and {group_heading(scope).lower()}",
        [group_heading(scope), *_BAND_HEADERS],
        rows,
        chart=chart_of(
            "horizontal_bars_svg",
            [str(r[0]) for r in rows],
            [None if r[-1] == "–" else r[-1] for r in rows],
            maximum=100,
            step=10,
            axis_label="Audits graded Good or better (%)",
            title=f"Share of audits graded Good or better by {group_heading(scope).lower()}",
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
        chart=chart_of(
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
    key = group_key(scope, "audit__")
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
    for pk, item, _name in groups(scope):
        mine, theirs = own.get(pk), agreed.get(pk)
        if not mine and theirs is None:
            continue
        difference = mine and mine["difference"]
        gap = (
            "–"
            if difference is None or theirs is None
            else round(float(difference) - float(theirs), 1)
        )
        rows.append([group_cell(scope, item), mine["n"] if mine else 0,
                     average(difference), average(mine and mine["sos"]), average(theirs), gap])  # fmt: skip
    return Figure(
        "scaling",
        "Practitioners' own scaling beside the audit's collaborative scores",
        [group_heading(scope), "Self-assessments", "Practitioner: difference made (0–10)",
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
        .values("theme").annotate(**BAND_COUNTS).order_by()
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
    key = group_key(scope, "audit__")
    today = timezone.localdate()
    found = {
        row[key]: row
        for row in FollowUp.objects.filter(
            audit__in=scope.audits, due_date__gte=scope.start, due_date__lt=add_months(scope.end, 1)
        )
        .values(key)
        .annotate(
            due=Count("pk"),
            **{what: Count("pk", filter=q) for what, q in follow_up_timeliness(on=today).items()},
        )
        .order_by()
    }
    rows = []
    for pk, item, _name in groups(scope):
        r = found.get(pk)
        if r:
            rows.append([group_cell(scope, item), r["due"], r["on_time"], r["late"],
                         r["overdue"], percent(r["on_time"], r["on_time"] + r["late"] + r["overdue"])])  # fmt: skip
    return Figure(
        "follow-ups",
        "Follow-ups due in the period: done on time, late, or overdue",
        [group_heading(scope), "Due", "Done on time", "Done late", "Overdue, not done",
         "On time (%)"],
        rows,
        note="On time: of the follow-ups done or overdue (those not yet due are not counted).",
        empty="No follow-up was due in this period.",
    )  # fmt: skip


def immediate_actions_sent(scope: Scope):
    """The immediate actions of the Inadequate audits whose outcome was sent in the period."""
    return Action.objects.filter(
        audit__in=scope.audits.exclude(status=AuditStatus.CANCELLED),
        audit__outcome_sent_at__isnull=False,
        immediate=True,
    ).filter(scope.between("audit__outcome_sent_at"))


_DEADLINE = F("audit__outcome_sent_at") + workdays.IMMEDIATE_ACTION_WINDOW


def immediate_counts(now=None) -> dict:
    """How immediate actions are counted: the 24 hours run from when the outcome was sent; the
    share done within them is of those done or whose 24 hours are over (one still inside its 24
    hours is not yet late)."""
    now = now or timezone.now()
    return {
        "audits": Count("audit", distinct=True),
        "n": Count("pk"),
        "in_time": Count("pk", filter=Q(status=ActionStatus.DONE, completed_at__lte=_DEADLINE)),
        "later": Count("pk", filter=Q(status=ActionStatus.DONE, completed_at__gt=_DEADLINE)),
        "still_open": Count("pk", filter=Q(status=ActionStatus.OPEN)),
        "judged": Count(
            "pk",
            filter=Q(status=ActionStatus.DONE)
            | Q(audit__outcome_sent_at__lte=now - workdays.IMMEDIATE_ACTION_WINDOW),
        ),
    }


def immediate_actions(scope: Scope) -> Figure:
    """Inadequate audits' immediate actions: done within 24 hours of the Inadequate outcome being
    sent (the clock the escalation runs on: `workdays.within_24_hours`), by the month it was
    sent. Only an Inadequate audit's outcome is sent, so only Inadequate audits count; a
    Requires-improvement audit's actions keep the auditor's timescales."""
    found = by_month(immediate_actions_sent(scope), "audit__outcome_sent_at", **immediate_counts())
    rows = [
        [f"{m:%B %Y}", r["audits"], r["n"], r["in_time"], r["later"], r["still_open"],
         percent(r["in_time"], r["judged"])]
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
        "escalation's do; an action is counted in the month its audit's outcome was sent. Within "
        "24 hours: of the actions done or whose 24 hours are over (one still inside them is not "
        "yet counted either way).",
        empty="No Inadequate outcome was sent in this period.",
    )  # fmt: skip


def service_manager_reviews(scope: Scope) -> Figure:
    """Inadequate audits reviewed by a service manager (the framework: "Service Managers ...
    review ... any audit graded inadequate"), by the month the outcome was sent: reviewed within
    5 working days of it (`workdays.service_manager_review_due`), later, or not yet; and how many
    reviews say they are satisfied the team manager's actions are sufficient."""
    reviews = ManagerReview.objects.filter(audit=OuterRef("pk"), kind=ReviewKind.SERVICE_MANAGER)
    audits = (
        scope.audits.exclude(status=AuditStatus.CANCELLED)
        .filter(outcome_sent_at__isnull=False)
        .filter(scope.between("outcome_sent_at"))
        .annotate(
            first_review=Subquery(reviews.order_by("recorded_at").values("recorded_at")[:1]),
            satisfied=Exists(reviews.filter(satisfied=True)),
        )
        .values_list("outcome_sent_at", "first_review", "satisfied")
        .order_by()
    )
    # The due date counts working days (bank holidays too): worked out per Inadequate audit, a
    # few a month, from one query.
    today = timezone.localdate()
    found: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
    for sent_at, first_review, satisfied in audits:
        due = workdays.service_manager_review_due(sent_at)
        row = found[workdays.first_of_month(timezone.localdate(sent_at))]
        row[0] += 1
        if first_review is None:
            row[3] += due < today
        else:
            row[1 if timezone.localdate(first_review) <= due else 2] += 1
        row[4] += satisfied
    rows = [
        [f"{m:%B %Y}", *(r := found[m]), percent(r[1], r[1] + r[2] + r[3])]
        for m in scope.months
        if m in found
    ]
    return Figure(
        "service-manager-reviews",
        "Inadequate audits reviewed by a service manager",
        ["Month the outcome was sent", "Inadequate audits", "Reviewed within 5 working days",
         "Reviewed later", "Not reviewed, overdue", "Service manager satisfied",
         "Within 5 working days (%)"],
        rows,
        note="A service manager reviews each Inadequate audit once its outcome is sent and records "
        "whether they are satisfied the team manager's actions are sufficient; the review is due 5 "
        "working days after the outcome. Within 5 working days: of the reviews done or overdue.",
        empty="No Inadequate outcome was sent in this period.",
    )  # fmt: skip


def moderation_agreement(scope: Scope) -> Figure:
    found = by_month(
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
