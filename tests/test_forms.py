"""bexley_qa/forms.py: the GOV.UK date input and its messages."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from bexley_qa.forms import DateField

TODAY = timezone.localdate()


class MeetingForm(forms.Form):
    day = DateField(
        what="the date of the meeting",
        earliest=timezone.localdate,
        earliest_message="The meeting date must be today or in the future",
    )


def error(day: str, month: str, year: str) -> str | None:
    form = MeetingForm({"day_0": day, "day_1": month, "day_2": year})
    return None if form.is_valid() else form.errors["day"][0]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date of the meeting"),
        (("3", "", "2027"), "The date of the meeting must include a month"),
        (("31", "2", "2027"), "The date of the meeting must be a real date"),
        (("3", "x", "2027"), "The date of the meeting must be a real date"),
        (("3", "1", "1"), "The date of the meeting must be a real date, with a 4-digit year"),
        (("3", "1", "9999"), "The date of the meeting must be a real date, with a 4-digit year"),
        (("3", "1", "2001"), "The meeting date must be today or in the future"),
        (("9" * 20, "1", "2027"), "The date of the meeting must be a real date"),  # no overflow
        (("3", "9" * 12, "2027"), "The date of the meeting must be a real date"),
    ],
)
def test_each_mistake_gets_the_design_systems_message(parts, message):
    assert error(*parts) == message


def test_a_real_date_in_range_is_taken():
    day = TODAY + datetime.timedelta(days=3)
    form = MeetingForm({"day_0": f" {day.day}", "day_1": str(day.month), "day_2": str(day.year)})
    assert form.is_valid() and form.cleaned_data["day"] == day
    assert 'inputmode="numeric"' in str(form["day"])
