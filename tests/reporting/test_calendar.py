"""The QA calendar: a person's page, and its feed at a secret address that a calendar program
reads (it parses as iCalendar) and that stops working when revoked or made again."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from audits import services as audit_services
from audits.practice_week import services as week_services
from bexley_qa.people.models import RoleCode
from reporting.models import CalendarFeed
from tests.factories import UserFactory

TODAY = timezone.localdate()


def _feed_url(client) -> str:
    client.post(reverse("calendar:make"))
    page = client.get(reverse("calendar:index"))
    url = page.context["feed_url"]
    assert url and client.get(reverse("calendar:index")).context["feed_url"] == ""  # shown once
    return url.split("testserver", 1)[-1].replace("http://localhost:8000", "")


def test_the_page_and_the_feed_show_the_persons_qa_dates(org, audit, client, client_for):
    pria = UserFactory(username="pria", roles=[RoleCode.PRINCIPAL_SOCIAL_WORKER])
    week_services.practice_week_schedule(
        actor=pria, starts_on=TODAY + datetime.timedelta(days=10),
        ends_on=TODAY + datetime.timedelta(days=14), theme="Neglect",
    )  # fmt: skip
    audit_services.audit_book_meeting(
        actor=org.tariq, audit=audit, meeting_date=TODAY + datetime.timedelta(days=3)
    )
    tariq = client_for(org.tariq)
    page = tariq.get(reverse("calendar:index")).text
    assert "Practice Week: Neglect" in page
    assert f"Audit meeting (audit), case {audit.child.case_id}" in page
    url = _feed_url(tariq)
    response = client.get(url)  # a calendar program: not signed in
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = {str(e.get("summary")) for e in calendar.walk("VEVENT")}
    assert "Practice Week: Neglect" in summaries
    assert f"Audit meeting (audit), case {audit.child.case_id}" in summaries
    assert audit.child.first_name.encode() not in response.content  # case IDs, never names
    meeting = next(e for e in calendar.walk("VEVENT") if "Audit meeting" in str(e.get("summary")))
    assert meeting.decoded("dtstart") == TODAY + datetime.timedelta(days=3)
    # The practitioner's calendar shows the meeting about their case; another person's does not.
    assert (
        "Audit meeting (your case&#x27;s audit)"
        in client_for(org.alice).get(reverse("calendar:index")).text
    )
    assert audit.child.case_id not in client_for(org.priya).get(reverse("calendar:index")).text


def test_the_address_stops_working_when_revoked_or_made_again(org, client, client_for):
    tom = client_for(org.tom)
    first = _feed_url(tom)
    assert client.get(first).status_code == 200
    second = _feed_url(tom)
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    tom.post(reverse("calendar:revoke"))
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()
    assert client.get(reverse("calendar:feed") + "?key=guess").status_code == 404
    assert client.get(reverse("calendar:feed")).status_code == 404


def test_a_switched_off_accounts_feed_stops(org, client, client_for):
    url = _feed_url(client_for(org.tom))
    type(org.tom).objects.filter(pk=org.tom.pk).update(is_active=False)
    assert client.get(url).status_code == 404


def test_the_next_practice_week_and_survey_round_are_on_it_until_they_are_set(org, client_for):
    from audits.models import PracticeWeek
    from feedback.models import SurveyRound

    began = TODAY - datetime.timedelta(days=150)
    PracticeWeek.objects.create(
        starts_on=began, ends_on=began + datetime.timedelta(days=4), scheduled_by=org.pat
    )
    SurveyRound.objects.create(
        name="Survey 2026", opens_on=TODAY - datetime.timedelta(days=300),
        closes_on=TODAY - datetime.timedelta(days=286), statements=["x"] * 9, opened_by=org.pat,
        families_per_team=5,
    )  # fmt: skip
    page = client_for(org.pat).get(reverse("calendar:index")).text  # who sets both
    assert "Next Practice Week due (six months after the last): to be scheduled" in page
    assert "Next parent/carer survey round due (once a year): to be opened" in page
    # Not on the calendars of those who do not set them (their links would be refused).
    page = client_for(org.mo).get(reverse("calendar:index")).text
    assert "Next Practice Week due" not in page and "survey round due" not in page
