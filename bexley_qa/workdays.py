"""The framework's clocks, and the calendar they run on: working days in England and Wales, months
and quarters. Every job, page, email and figure asks here; nothing else adds 24 hours, counts
working days or works out a quarter.

- A follow-up is due 5 working days after the day the audit is completed (in UK local time),
  weekends and England and Wales bank holidays (substitute days included) excluded.
- The 24 hours run by the clock, from the moment people were asked to act: an Inadequate audit's
  immediate actions from the Inadequate outcome being sent; a moderation's outstanding actions
  from its finalising. A child's safety does not wait for the weekend, so neither does the
  escalation of what is still open 24 hours later.
- A month is its first day; a quarter is January to March, April to June, and so on.
"""

from datetime import date, datetime, time, timedelta
from functools import cache

import holidays
from django.utils import timezone

FOLLOW_UP_WORKING_DAYS = 5
# A service manager's review of an Inadequate audit, after its outcome was sent.
SERVICE_MANAGER_REVIEW_WORKING_DAYS = 5
# A follow-up still not recorded this many working days after its due date: its auditor and their
# manager are told.
FOLLOW_UP_OVERDUE_WORKING_DAYS = 2
IMMEDIATE_ACTION_HOURS = 24
IMMEDIATE_ACTION_WINDOW = timedelta(hours=IMMEDIATE_ACTION_HOURS)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in a year (Wales keeps England's)."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (`start` itself is not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


# The clocks ---------------------------------------------------------------------------------------


def follow_up_due(completed_at: datetime) -> date:
    """The follow-up date: 5 working days after the local day the audit was completed."""
    return add_working_days(timezone.localdate(completed_at), FOLLOW_UP_WORKING_DAYS)


def follow_up_overdue_on(due: date) -> date:
    """The day a follow-up not recorded is overdue enough to tell the auditor's manager."""
    return add_working_days(due, FOLLOW_UP_OVERDUE_WORKING_DAYS)


def service_manager_review_due(outcome_sent_at: datetime) -> date:
    """When a service manager's review of an Inadequate audit is due: 5 working days after the
    local day its outcome was sent (the framework asks them to review every one; this sets "how
    soon", so PSQA can see the ones not done)."""
    return add_working_days(
        timezone.localdate(outcome_sent_at), SERVICE_MANAGER_REVIEW_WORKING_DAYS
    )


def sent_on_or_before_for_overdue(days: int, today: date) -> date:
    """The last day something sent then, due `days` working days on, is overdue today (due
    before it): a cut-off the database can compare with."""
    day = today - timedelta(days=1)
    while add_working_days(day, days) >= today:
        day -= timedelta(days=1)
    return day


def service_manager_reviews_overdue_if_sent_by(today: date) -> date:
    return sent_on_or_before_for_overdue(SERVICE_MANAGER_REVIEW_WORKING_DAYS, today)


def within_24_hours(asked_at: datetime) -> datetime:
    """When what people were asked to do at `asked_at` is due, and what is still open is
    escalated: an Inadequate outcome's immediate actions, a moderation's outstanding actions."""
    return asked_at + IMMEDIATE_ACTION_WINDOW


def asked_before_escalation(now: datetime | None = None) -> datetime:
    """What was asked at or before this moment is past its 24 hours now: escalate what is open."""
    return (now or timezone.now()) - IMMEDIATE_ACTION_WINDOW


# Months and quarters -----------------------------------------------------------------------------


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def this_month() -> date:
    """The first day of the current month (UK local time)."""
    return first_of_month(timezone.localdate())


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or before) this month."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of the month."""
    return add_months(month, 1) - timedelta(days=1)


def months_back(month: date, count: int) -> list[date]:
    """The `count` months up to and including this one, oldest first."""
    month = first_of_month(month)
    return [add_months(month, -back) for back in range(count - 1, -1, -1)]


def months_between(start: date, end: date) -> list[date]:
    """Every month from the month of `start` to the month of `end`, both included."""
    months, month, last = [], first_of_month(start), first_of_month(end)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_count(start: date, end: date) -> int:
    """How many months from the month of `start` to the month of `end`, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def start_of(day: date) -> datetime:
    """The moment a local day (or a month, given its first day) begins, for counting timestamps
    in a period: `at >= start_of(first) and at < start_of(the day after the last)`."""
    return timezone.make_aware(datetime.combine(day, time.min))


def first_working_day(month: date) -> date:
    """The month's first working day: when the monthly jobs (the moderation sample, the
    dashboard report) run."""
    month = first_of_month(month)
    return month if is_working_day(month) else add_working_days(month, 1)


def quarter_of(day: date) -> tuple[date, date]:
    """The first days of the first and last months of the quarter (January to March, ...)
    holding the day."""
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return start, add_months(start, 2)


def last_quarter(today: date | None = None) -> tuple[date, date]:
    """The quarter before the one holding today (the one a quarterly report is drafted for)."""
    this_quarter_start, _ = quarter_of(today or timezone.localdate())
    return quarter_of(add_months(this_quarter_start, -1))


def is_quarter(start: date, end: date) -> bool:
    """Whether the months from `start` to `end` are exactly one calendar quarter."""
    return quarter_of(start) == (start, end)


def quarter_label(start: date) -> str:
    """ "2026 Q3" for the quarter holding `start`."""
    return f"{start:%Y} Q{(start.month - 1) // 3 + 1}"
