"""How the dashboard counts, on crafted data: month ends, closed cases, referral resets; the
roll-up equals a fresh count, and a month once final is not changed."""

import datetime

import pytest

from bexley_qa import workdays
from bexley_qa.people.models import PlanType
from sos import figures, selectors
from sos.models import Measure, MeasureCompletion, MonthlyFigure, Source

from ..factories import ChildFactory

OCT, NOV = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def done(child, measure, day):
    MeasureCompletion.objects.create(
        child=child, measure=measure, completed_on=day, source=Source.IMPORT
    )


def figure(team, month, plan_type=PlanType.FAMILY_WELLBEING):
    return MonthlyFigure.objects.get(team=team, month=month, plan_type=plan_type)


@pytest.fixture
def children(org):
    """Four children of team A on family wellbeing plans (none of org's), referred in September."""
    make = lambda **kw: ChildFactory(  # noqa: E731
        team=org.team_a, allocated_worker=org.alice, plan_type=PlanType.FAMILY_WELLBEING,
        referral_date=datetime.date(2026, 9, 1), **kw,
    )  # fmt: skip
    return [make(case_id=f"55{n}") for n in range(4)]


def test_a_measure_done_on_the_months_last_day_counts_for_that_month_not_before(children, org):
    a, b, *_ = children
    done(a, Measure.SAFETY_PLAN, datetime.date(2026, 10, 31))  # the month's last day
    done(b, Measure.SAFETY_PLAN, datetime.date(2026, 11, 1))  # the next month's first
    figures.refresh(months=[OCT, NOV])
    assert figure(org.team_a, OCT).children == 4
    assert figure(org.team_a, OCT).safety_plan == 1
    assert figure(org.team_a, NOV).safety_plan == 2


def test_closed_cases_count_until_they_close_and_unknown_closures_never(children, org):
    a, b, c, _ = children
    a.is_open, a.closed_on = False, datetime.date(2026, 10, 15)  # open at September's end only
    a.save()
    b.is_open, b.closed_on = False, None  # closed, date unknown: closed throughout
    b.save()
    c.referral_date = datetime.date(2026, 11, 5)  # referred in November
    c.save()
    figures.refresh(months=[datetime.date(2026, 9, 1), OCT, NOV])
    assert figure(org.team_a, datetime.date(2026, 9, 1)).children == 2  # a and d
    assert figure(org.team_a, OCT).children == 1  # d
    assert figure(org.team_a, NOV).children == 2  # c and d


def test_a_new_referral_starts_the_count_again(children, org):
    a, *_ = children
    done(a, Measure.MAPPING, datetime.date(2026, 9, 20))
    figures.refresh(months=[OCT])
    assert figure(org.team_a, OCT).mapping == 1
    a.referral_date = datetime.date(2026, 10, 10)  # re-referred
    a.save()
    figures.refresh(months=[NOV])
    assert figure(org.team_a, NOV).mapping == 0
    done(a, Measure.MAPPING, datetime.date(2026, 11, 2))
    figures.refresh(months=[NOV])
    assert figure(org.team_a, NOV).mapping == 1


def test_a_final_month_is_not_changed_by_later_refreshes(children, org):
    figures.refresh(months=[OCT], final=True)
    done(children[0], Measure.SAFETY_GOAL, datetime.date(2026, 10, 3))  # recorded late
    figures.refresh(months=[OCT, NOV])
    assert figure(org.team_a, OCT).safety_goal == 0
    assert figure(org.team_a, NOV).safety_goal == 1


def test_the_roll_up_equals_a_fresh_count_from_the_grid(children, org, settings):
    for child, measures in zip(
        children,
        [[Measure.MAPPING], [Measure.MAPPING, Measure.SAFETY_PLAN], [], list(Measure)],
        strict=True,
    ):
        for measure in measures:
            done(child, measure, datetime.date(2026, 9, 10))
    figures.refresh_current()
    month = workdays.first_of_month(datetime.date.today())
    rolled = selectors.shares_total(team_ids=[org.team_a.pk], month=month)
    live = selectors.grid_shares(selectors.grid(org.team_a.children.all()))
    assert rolled.children == live.children > 0
    assert rolled.done == live.done
    assert live.done[Measure.MAPPING] == 3


def test_month_labels_and_ranges():
    assert workdays.month_end(datetime.date(2028, 2, 1)) == datetime.date(2028, 2, 29)
    assert workdays.months_back(datetime.date(2026, 1, 1), 3) == [
        datetime.date(2025, 11, 1),
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
    ]
