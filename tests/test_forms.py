"""bexley_qa/forms.py: the GOV.UK date input and its messages."""

import datetime
import re

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


def test_a_filter_select_writes_the_same_options_as_djangos(org):
    from django import forms

    from bexley_qa.forms import FilterSelect
    from bexley_qa.people.models import Team

    def field(widget):
        return forms.ModelChoiceField(
            Team.objects.order_by("name"), required=False, empty_label="All teams", widget=widget
        )

    class Form(forms.Form):
        fast = field(FilterSelect)
        named = field(FilterSelect(labels=("name",)))  # read as values, not model instances
        plain = field(forms.Select)

    form = Form({"fast": org.team_b.pk, "named": org.team_b.pk, "plain": org.team_b.pk})
    fast, plain = str(form["fast"]), str(form["plain"]).replace("plain", "fast")
    normalise = lambda html: " ".join(html.replace(">", "> ").split())  # noqa: E731
    assert normalise(fast) == normalise(plain)
    assert str(form["named"]).replace("named", "fast") == fast
    assert f'<option value="{org.team_b.pk}" selected>Care</option>' in fast
    assert '<option value="" >' not in fast and '<option value="">All teams</option>' in fast


def test_a_filter_select_is_styled_as_a_govuk_select_on_the_page(org, audit, client_for):
    page = client_for(org.pat).get("/audits/").content.decode()
    team = re.search(r'<select name="team"[^>]*>', page).group(0)
    assert 'class="govuk-select"' in team


# People pickers -------------------------------------------------------------------------------


def _auditor_options(client, org) -> list[str]:
    from django.urls import reverse

    page = client.get(reverse("audits:allocate", args=[org.amy.case_id])).content.decode()
    select = re.search(r'<select name="auditor".*?</select>', page, re.S).group(0)
    assert 'data-module="app-person-picker"' in select
    return re.findall(r"<option [^>]*>[^<]*</option>", select)


def test_a_people_picker_says_each_persons_job_team_and_service(org, client_for):
    """Two people can share a name: the picker (and the plain select without JavaScript) says
    what tells them apart, and names are escaped wherever they go."""
    from bexley_qa.people.models import RoleCode
    from tests.factories import UserFactory

    org.tariq.job_title = "Team manager"
    org.tariq.save()
    UserFactory(
        first_name="<b>Tariq</b>", last_name="Taylor", team=org.team_b, job_title="Team manager",
        roles=[RoleCode.TEAM_MANAGER],
    )  # fmt: skip
    options = _auditor_options(client_for(org.bella), org)
    tariq = next(o for o in options if f'value="{org.tariq.pk}"' in o)
    assert 'data-name="Tariq Taylor"' in tariq
    assert 'data-detail="Team manager, Care, Service B"' in tariq
    assert tariq.endswith(">Tariq Taylor (Team manager, Care, Service B)</option>")
    namesake = next(o for o in options if "Taylor" in o and o is not tariq)
    assert "&lt;b&gt;Tariq&lt;/b&gt; Taylor" in namesake and "<b>" not in namesake
    # Someone with no team (a service manager) is told apart by their job title alone.
    assert any(">Sam Shah" in o for o in options)


def test_a_people_picker_costs_the_same_queries_however_many_staff(org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bexley_qa.people.models import RoleCode
    from tests.factories import TeamFactory, UserFactory

    client = client_for(org.bella)
    with CaptureQueriesContext(connection) as few:
        _auditor_options(client, org)
    for n in range(15):
        UserFactory(team=TeamFactory(name=f"Team {n}"), roles=[RoleCode.TEAM_MANAGER])
    with CaptureQueriesContext(connection) as many:
        assert len(_auditor_options(client, org)) > 15
    assert len(many) == len(few)


def test_a_people_filter_names_each_person_as_they_are_named_elsewhere(org):
    from django import forms

    from bexley_qa.forms import PEOPLE_SELECT
    from bexley_qa.people.models import User
    from tests.factories import UserFactory

    nameless = UserFactory(username="no.name", first_name="", last_name="")

    class Form(forms.Form):
        who = forms.ModelChoiceField(
            User.objects.order_by("pk"), required=False, empty_label="All", widget=PEOPLE_SELECT
        )

    html = str(Form({"who": org.alice.pk})["who"])
    assert f'<option value="{org.alice.pk}" selected>{org.alice}</option>' in html
    assert f'<option value="{nameless.pk}">no.name</option>' in html  # str(user) falls back too
    assert html.count("<option") == User.objects.count() + 1
