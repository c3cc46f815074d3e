"""Drawing a month's moderation sample from the audits completed in the six months before.

The framework gives no sample size; ours (SPEC.md "Moderation"):
1. every Inadequate audit (by its final grade) not yet moderated;
2. then, of the rest, one for each team, band and auditor that no moderation in the six months
   has covered yet (so every team with completed audits, every band and every auditor are
   moderated over the six months);
3. then a random share of the rest (settings.MODERATION_SAMPLE_PERCENT, default 10%), topped up
   to that share of the candidates.
The draw shuffles the candidates (in audit number order) with a seeded random generator, so the
stored seed gives the same draw from the same audits. Each pick says why it was chosen.
"""

import math
import random
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from audits.models import Audit
from audits.workflow import DONE
from bexley_qa import workdays

from .workflow import IN_SAMPLE, ModerationStatus

WINDOW_MONTHS = 6


@dataclass(frozen=True)
class Pick:
    audit: Audit
    reason: str


def window(month: date) -> tuple[date, date]:
    """Completed from the first day six months before the month, to the month's end."""
    return workdays.add_months(month, -WINDOW_MONTHS), workdays.add_months(month, 1)


def candidates(month: date):
    """Completed audits in the window not in any live moderation (nor moderated before)."""
    start, end = window(month)
    return (
        Audit.objects.filter(
            status__in=DONE,
            completed_at__date__gte=start,
            completed_at__date__lt=end,
            moderated_at__isnull=True,
        )
        .exclude(moderations__status__in=[s for s in ModerationStatus if s != "removed"])
        .select_related("team", "auditor", "child")
        .order_by("pk")
    )


def _covered(month: date) -> tuple[set, set, set]:
    """Teams, bands and auditors already covered by a moderation of the window's audits."""
    start, end = window(month)
    moderated = Audit.objects.filter(
        completed_at__date__gte=start,
        completed_at__date__lt=end,
        moderations__status__in=[*IN_SAMPLE, ModerationStatus.FINALISED],
    ).distinct()
    teams, bands, auditors = set(), set(), set()
    for audit in moderated:
        teams.add(audit.team_id)
        bands.add(audit.band.label if audit.band else None)
        auditors.add(audit.auditor_id)
    return teams, bands, auditors


def draw(month: date, seed: int, share_percent: int | None = None) -> list[Pick]:
    """The sample for this month drawn with this seed (nothing is saved)."""
    share = settings.MODERATION_SAMPLE_PERCENT if share_percent is None else share_percent
    pool = [audit for audit in candidates(month) if audit.band is not None]
    picks = [
        Pick(a, "Inadequate: every Inadequate audit is moderated") for a in pool if a.is_inadequate
    ]
    rest = [a for a in pool if not a.is_inadequate]
    random.Random(seed).shuffle(rest)  # noqa: S311 - a reproducible draw, not a secret
    teams, bands, auditors = _covered(month)
    for audit in (pick.audit for pick in picks):
        teams.add(audit.team_id)
        bands.add(audit.band.label)
        auditors.add(audit.auditor_id)

    chosen: set[int] = set()
    for audit in rest:
        why = []
        if audit.team_id not in teams:
            why.append(f"the first of {audit.team.name} in six months")
        if audit.band.label not in bands:
            why.append(f"the first graded {audit.band.label} in six months")
        if audit.auditor_id not in auditors:
            why.append(f"the first by {audit.auditor} in six months")
        if why:
            picks.append(Pick(audit, "Covers " + "; ".join(why)))
            chosen.add(audit.pk)
            teams.add(audit.team_id)
            bands.add(audit.band.label)
            auditors.add(audit.auditor_id)

    wanted = math.ceil(len(rest) * share / 100)
    for audit in rest:
        if len(chosen) >= wanted:
            break
        if audit.pk not in chosen:
            picks.append(Pick(audit, f"Random {share}% share of the other completed audits"))
            chosen.add(audit.pk)
    return picks


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**62)
