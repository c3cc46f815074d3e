from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bexley_qa.workdays import (
    add_working_days,
    follow_up_due,
    is_quarter,
    is_working_day,
    last_quarter,
    month_count,
    months_back,
    months_between,
    quarter_label,
    quarter_of,
    within_24_hours,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 25), True),  # a Wednesday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 12, 25), False),  # Christmas Day
        (date(2026, 12, 26), False),  # Boxing Day (a Saturday)
        (date(2026, 12, 28), False),  # its substitute day
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2027, 12, 27), False),  # Christmas falls on a Saturday: substitute Monday
        (date(2027, 12, 28), False),  # and Boxing Day's substitute Tuesday
        (date(2027, 12, 29), True),
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_five_working_days_skip_the_weekend():
    assert add_working_days(date(2026, 11, 25), 5) == date(2026, 12, 2)  # Wed → next Wed


def test_five_working_days_skip_christmas_boxing_day_and_substitute_days():
    # Wed 23 Dec 2026: Thu 24 (1), [Fri 25, Sat 26, Sun 27, Mon 28 substitute] Tue 29 (2),
    # Wed 30 (3), Thu 31 (4), [Fri 1 Jan] Mon 4 Jan (5).
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)


def test_five_working_days_skip_easter():
    # Thu 25 March 2027: [Good Friday 26, weekend, Easter Monday 29] Tue 30 (1), Wed 31 (2),
    # Thu 1 April (3), Fri 2 (4), Mon 5 (5).
    assert add_working_days(date(2027, 3, 25), 5) == date(2027, 4, 5)


def test_a_completion_late_on_a_friday_is_followed_up_the_next_friday():
    late_friday = datetime(2026, 11, 27, 23, 50, tzinfo=LONDON)
    assert follow_up_due(late_friday) == date(2026, 12, 4)


def test_the_follow_up_counts_from_the_uk_day_not_the_utc_day():
    # 00:30 on Saturday 6 June in London is still Friday in UTC: the UK day (Saturday) counts.
    just_after_midnight = datetime(2026, 6, 5, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert follow_up_due(just_after_midnight) == date(2026, 6, 12)
    friday_evening = datetime(2026, 6, 5, 18, 0, tzinfo=ZoneInfo("UTC"))
    assert follow_up_due(friday_evening) == date(2026, 6, 12)


def test_the_24_hour_clock_runs_across_a_weekend():
    friday_afternoon = datetime(2026, 11, 27, 16, 0, tzinfo=LONDON)
    assert within_24_hours(friday_afternoon) == datetime(2026, 11, 28, 16, 0, tzinfo=LONDON)


def test_the_24_hour_clock_is_real_hours_across_the_clocks_going_back():
    before_change = datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)  # BST
    due = within_24_hours(before_change)
    assert (due - before_change).total_seconds() == 24 * 3600


def test_quarters_run_january_to_march_and_so_on():
    assert quarter_of(date(2026, 5, 17)) == (date(2026, 4, 1), date(2026, 6, 1))
    assert last_quarter(date(2026, 1, 3)) == (date(2025, 10, 1), date(2025, 12, 1))
    assert quarter_label(date(2026, 10, 1)) == "2026 Q4"
    assert is_quarter(date(2026, 7, 1), date(2026, 9, 1))
    assert not is_quarter(date(2026, 8, 1), date(2026, 10, 1))


def test_months_between_and_back_count_whole_months_both_ends_included():
    assert months_between(date(2025, 11, 20), date(2026, 2, 3)) == [
        date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1),
    ]  # fmt: skip
    assert months_back(date(2026, 2, 14), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert month_count(date(2025, 11, 1), date(2026, 2, 1)) == 4
