"""The framework's expectation that team managers and senior managers each audit one case a
month (lines.EXPECTED_TO_AUDIT), and the "routine schedule for each social worker" it supports:

- `audits_against_expectation(people)`: each person's audits as auditor this month and over the
  last twelve, counted in one query;
- `coverage(teams)`: each practitioner of the teams with the date their last case was audited,
  and whether that is within six months;
- `expectation_reminders_queue()`: on the 20th, a reminder to each manager with no audit
  allocated or completed this month (once a month each).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people import lines
from bexley_qa.people.models import Team, User

from .models import Audit
from .workflow import DUE_AN_AUDIT, OPEN, AuditStatus

EXPECTED_PER_MONTH = 1
MONTHS_COUNTED = 12
REMINDER_DAY = 20  # of the month: still time to allocate and complete one
COVERAGE_MONTHS = 6  # a practitioner with no case audited for this long is due one


@dataclass(frozen=True)
class Expectation:
    person: User
    this_month: int  # completed as auditor this month
    in_progress: int  # allocated to them as auditor, not yet completed
    year: int  # completed in the last twelve months, this one included
    months_met: int  # of those twelve months, how many had at least one

    @property
    def expected(self) -> int:
        return EXPECTED_PER_MONTH * MONTHS_COUNTED

    @property
    def behind(self) -> bool:
        return self.months_met < MONTHS_COUNTED


def audits_against_expectation(
    people: QuerySet[User], *, today: date | None = None, limit: int | None = None
) -> list[Expectation]:
    """Each person's audits as auditor (cancelled ones left out), furthest behind first: the
    first `limit` of them (a directorate has a thousand managers; only those shown are read)."""
    month = workdays.first_of_month(today or timezone.localdate())
    year_start = workdays.start_of(workdays.add_months(month, 1 - MONTHS_COUNTED))
    counted = {
        row["auditor"]: row
        for row in Audit.objects.filter(auditor__in=people.values("pk"))
        .exclude(status=AuditStatus.CANCELLED)
        # Only the rows counted below, not every audit of the managers' years (from the index).
        .filter(Q(completed_at__gte=year_start) | Q(status__in=OPEN))
        .values("auditor")
        .annotate(
            this_month=Count("pk", filter=Q(completed_at__gte=workdays.start_of(month))),
            in_progress=Count("pk", filter=Q(status__in=OPEN)),
            year=Count("pk", filter=Q(completed_at__gte=year_start)),
            months_met=Count(
                TruncMonth("completed_at"), filter=Q(completed_at__gte=year_start), distinct=True
            ),
        )
        .order_by()
    }

    def behind(person: tuple[int, str]) -> tuple:
        row = counted.get(person[0], {})
        return row.get("months_met", 0), row.get("year", 0), person[1]

    shown = sorted(people.values_list("pk", "last_name"), key=behind)[:limit]
    found = people.in_bulk([pk for pk, _ in shown])
    return [
        Expectation(
            found[pk],
            (row := counted.get(pk, {})).get("this_month", 0),
            row.get("in_progress", 0),
            row.get("year", 0),
            row.get("months_met", 0),
        )
        for pk, _ in shown
        if pk in found  # (gone from `people` between the two reads: left out)
    ]


@dataclass(frozen=True)
class Coverage:
    practitioner: User
    last_audited: date | None  # allocated on, the latest audit of one of their cases

    @property
    def due(self) -> bool:
        """No case of theirs audited in the last six months."""
        since = workdays.add_months(timezone.localdate(), -COVERAGE_MONTHS)
        return self.last_audited is None or self.last_audited < since

    @property
    def tag(self):
        return DUE_AN_AUDIT if self.due else None


def coverage(teams: QuerySet[Team]) -> list[Coverage]:
    """The teams' practitioners, the longest since a case of theirs was audited first."""
    practitioners = (
        lines.staff_in(lines.CASELOAD)
        .filter(team__in=teams)
        .annotate(
            last=Max(
                "audits_of_my_cases__allocated_at",
                filter=~Q(audits_of_my_cases__status=AuditStatus.CANCELLED),
            )
        )
    )
    rows = [Coverage(p, timezone.localdate(p.last) if p.last else None) for p in practitioners]
    return sorted(rows, key=lambda r: (r.last_audited or date.min, r.practitioner.last_name))


def expectation_reminders_queue(*, today: date | None = None) -> int:
    """On the 20th: each manager expected to audit with nothing allocated to them this month
    and nothing completed in it is reminded (once a month: the key carries the month)."""
    today = today or timezone.localdate()
    if today.day != REMINDER_DAY:
        return 0
    month = workdays.first_of_month(today)
    started = workdays.start_of(month)
    busy = Audit.objects.exclude(status=AuditStatus.CANCELLED).filter(
        Q(allocated_at__gte=started) | Q(completed_at__gte=started) | Q(status__in=OPEN)
    )
    idle = lines.staff_in(lines.EXPECTED_TO_AUDIT).exclude(pk__in=busy.values("auditor"))
    return notification_queue_each(
        list(idle),
        template="audit-expectation-reminder",
        context={"month": month, "url": absolute_url("home"), "ends": workdays.month_end(month)},
        key=f"expectation:{month:%Y-%m}",
    )


__all__ = [
    "Coverage",
    "Expectation",
    "audits_against_expectation",
    "coverage",
    "expectation_reminders_queue",
]
