"""Practice Week's reads: the proposed allocation, the week's audits and results, and the
report's first draft from the week's audits and observations."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Avg, Count, F, Q, Window
from django.db.models.functions import Random, RowNumber
from django.utils import timezone

from bexley_qa.people import lines
from bexley_qa.people.models import Child, User

from ..models import (
    AreaScore,
    Audit,
    AuditStatus,
    Band,
    Observation,
    ObservationKind,
    PracticeWeek,
    band_q,
)
from ..practice_areas import PRACTICE_AREAS
from ..selectors import RECENT_AUDIT_DAYS
from ..workflow import OPEN

AREAS_IN_DRAFT = 3


def eligible_children(*, today=None):
    """Open cases with no audit in progress and none in the last 12 months."""
    today = today or timezone.localdate()
    since = today - timedelta(days=RECENT_AUDIT_DAYS)
    return (
        Child.objects.filter(
            is_open=True, anonymised_at__isnull=True, allocated_worker__isnull=False
        )
        .exclude(audits__status__in=OPEN)
        .exclude(
            Q(audits__allocated_at__date__gte=since) & ~Q(audits__status=AuditStatus.CANCELLED)
        )
    )


def proposal(*, auditors: list[User], per_auditor: int) -> list[tuple[Child, User]]:
    """Cases for the week, spread across services and teams in proportion to their open cases,
    and across the auditors taking part (the fewest allocated first), each auditor from another
    team than the child's.

    Each team's cases that may be audited are drawn at random, then taken in turn as a divisor
    method shares seats (Sainte-Laguë): a team's n-th case comes at (n - ½) ÷ its open cases, so
    a team with twice the open cases has twice the turns; a case no auditor may take is passed
    over for the next."""
    wanted = len(auditors) * per_auditor
    open_cases = dict(
        Child.objects.filter(is_open=True, anonymised_at__isnull=True, team__isnull=False)
        .values_list("team_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    drawn = sorted(
        eligible_children()
        .filter(team__isnull=False)
        .annotate(draw=Window(RowNumber(), partition_by=F("team_id"), order_by=Random()))
        .filter(draw__lte=wanted)
        .select_related("team", "allocated_worker"),
        key=lambda child: ((child.draw - 0.5) / open_cases[child.team_id], child.team.name),
    )
    own_teams = {a.pk: lines.teams_in_or_over(a) for a in auditors}
    load = {a.pk: 0 for a in auditors}
    order = list(auditors)
    random.shuffle(order)  # noqa: S311 - ties go to a different auditor each time, not a secret
    pairs = []
    for child in drawn:
        if len(pairs) == wanted:
            break
        free = [
            a for a in order if child.team_id not in own_teams[a.pk] and load[a.pk] < per_auditor
        ]
        if free:
            auditor = min(free, key=lambda a: load[a.pk])
            load[auditor.pk] += 1
            pairs.append((child, auditor))
    return pairs


@dataclass
class WeekResults:
    allocated: int
    completed: int
    cancelled: int
    bands: list[tuple[str, int]]
    observations: list[tuple[str, int]]
    strongest: list[tuple[str, float]]
    weakest: list[tuple[str, float]]


def results(week: PracticeWeek) -> WeekResults:
    """The week's audits by status and final grade band, its observations by kind, and the
    practice areas scored highest and lowest on average (each counted in SQL)."""
    audits = Audit.objects.filter(practice_week=week)
    counts = audits.aggregate(
        allocated=Count("pk", filter=~Q(status=AuditStatus.CANCELLED)),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        cancelled=Count("pk", filter=Q(status=AuditStatus.CANCELLED)),
        **{band: Count("pk", filter=band_q(band) & Q(completed_at__isnull=False)) for band in Band},
    )
    observed = dict(
        Observation.objects.filter(practice_week=week).values_list("kind").annotate(n=Count("pk"))
    )
    areas = list(
        AreaScore.objects.filter(audit__practice_week=week, audit__completed_at__isnull=False)
        .values("area")
        .annotate(mean=Avg("score"))
        .filter(mean__isnull=False)
        .order_by("-mean", "area")
    )
    titles = {area.number: f"{area.number}. {area.short_title}" for area in PRACTICE_AREAS}
    scored = [(titles[row["area"]], round(row["mean"], 1)) for row in areas]
    return WeekResults(
        allocated=counts["allocated"],
        completed=counts["completed"],
        cancelled=counts["cancelled"],
        bands=[(label, counts[band]) for band, label in Band.choices],
        observations=[(label, observed.get(kind, 0)) for kind, label in ObservationKind.choices],
        strongest=scored[:AREAS_IN_DRAFT],
        weakest=scored[::-1][:AREAS_IN_DRAFT],
    )


def draft(week: PracticeWeek) -> dict[str, str]:
    """The report's first words, from the week's results and observations, for the leads to
    finish: what worked well and what to develop, as the observers wrote them."""
    found = results(week)
    observations = list(Observation.objects.filter(practice_week=week).order_by("observed_on"))
    graded = ", ".join(f"{n} {label}" for label, n in found.bands if n)
    learning = [
        f"{found.completed} of {found.allocated} audits completed"
        + (f" ({graded})." if graded else ".")
    ]
    if found.weakest:
        learning.append(
            "Practice areas scored lowest: " + "; ".join(f"{t} ({m})" for t, m in found.weakest)
        )
    well = [f"- {o.worked_well}" for o in observations]
    if found.strongest:
        well.append(
            "Practice areas scored highest: " + "; ".join(f"{t} ({m})" for t, m in found.strongest)
        )
    return {
        "key_learning": "\n".join(learning),
        "working_well": "\n".join(well),
        "areas_of_development": "\n".join(f"- {o.to_develop}" for o in observations),
    }
