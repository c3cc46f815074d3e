"""Working days in England and Wales, months, and the framework's two clocks.

The only place that answers "5 working days after completion" and "within 24 hours":
- a follow-up is due 5 working days after the day the audit is completed (in UK local time),
  weekends and England and Wales bank holidays (substitute days included) excluded;
- immediate actions are due 24 hours after completion, by the clock: a child's safety does not
  wait for the weekend, so neither does the 24-hour escalation.
"""

from datetime import date, datetime, timedelta
from functools import cache

import holidays
from django.utils import timezone

FOLLOW_UP_WORKING_DAYS = 5
IMMEDIATE_ACTION_HOURS = 24


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


def first_working_day(month: date) -> date:
    """The month's first working day: when the monthly jobs (the moderation sample, the
    dashboard report) run."""
    month = first_of_month(month)
    return month if is_working_day(month) else add_working_days(month, 1)


def follow_up_due(completed_at: datetime) -> date:
    """The follow-up date: 5 working days after the local day the audit was completed."""
    return add_working_days(timezone.localdate(completed_at), FOLLOW_UP_WORKING_DAYS)


def immediate_actions_due(completed_at: datetime) -> datetime:
    """When immediate actions are due, and what is still open is escalated: 24 hours later."""
    return completed_at + timedelta(hours=IMMEDIATE_ACTION_HOURS)
