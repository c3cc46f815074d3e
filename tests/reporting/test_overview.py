"""The Director's overview: this month against the last twelve, for the Director (their home
page), the deputy director and PSQA (the directorate), assistant directors (their services); and
its monthly PDF, kept once and emailed to the senior leadership team."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audits.models import Audit, AuditStatus
from bexley_qa import workdays
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import RoleCode
from reporting.models import MonthlyOverview
from reporting.overview import services

from ..factories import UserFactory


@pytest.fixture
def director(org):
    return UserFactory(username="dcs", first_name="Dana", roles=[RoleCode.DIRECTOR])


@pytest.fixture
def ada(org):
    """Assistant director over Service B only."""
    person = UserFactory(username="ada", first_name="Ada", roles=[RoleCode.ASSISTANT_DIRECTOR])
    org.service_b.assistant_director = person
    org.service_b.save()
    return person


def completed(org, child, team, grade, at):
    return Audit.objects.create(
        child=child, auditor=org.tariq, practitioner=org.alice, team=team,
        allocated_by=org.bella, date_of_birth=child.date_of_birth, gender=child.gender,
        ethnicity=child.ethnicity, first_language="English", status=AuditStatus.COMPLETED,
        grade=grade, final_grade=grade, completed_at=at,
    )  # fmt: skip


@pytest.fixture
def figures(org):
    """This month: Amy's audit Good (6, Service A), Dan's Inadequate (2, Service B). Three months
    ago: Ben's Requires improvement (4, Service A)."""
    now = timezone.now()
    completed(org, org.amy, org.team_a, 6, now)
    completed(org, org.dan, org.team_b, 2, now)
    completed(org, org.ben, org.team_a, 4, now - datetime.timedelta(days=92))


def headline(rows, label):
    return next((h.this_month, h.before) for h in rows if h.label == label)


def test_the_directors_home_is_the_overview(org, director, figures, client_for):
    home = client_for(director).get(reverse("home"))
    rows = home.context["overview_headlines"]
    assert headline(rows, "Audits completed") == (2, 1)
    assert headline(rows, "Graded Good or better (%)") == (50, 0)
    assert headline(rows, "Graded Inadequate (%)") == (50, 0)
    # Each figure links to the page that explains it.
    assert reverse("analytics:question", args=["how-well"]) in home.text
    assert "The whole overview" in home.text


def test_the_overview_page_has_each_part_with_its_chart_and_table(
    org, director, figures, client_for
):
    page = client_for(director).get(reverse("overview:index"))
    assert page.status_code == 200
    for part in (
        "Overview of the directorate",
        "The eight Signs of Safety measures",
        "Final grades by band, month by month",
        "Immediate actions (Inadequate audits) done within 24 hours",
        "The latest parent and carer survey",
        "The latest Practice Week",
        "Monthly overviews",
    ):
        assert part in page.text, part
    assert "/audits/?" not in page.text  # figures, not the audits behind them
    assert "Amy" not in page.text


def test_an_assistant_director_sees_their_services_only(org, ada, figures, client_for):
    page = client_for(ada).get(reverse("overview:index"))
    assert "Overview of Service B" in page.text
    rows = page.context["headlines"]
    assert headline(rows, "Audits completed") == (1, 0)  # Dan's, not Amy's or Ben's
    assert headline(rows, "Graded Inadequate (%)") == (100, "–")  # none graded before
    assert "overview_headlines" not in client_for(ada).get(reverse("home")).context
    # A head of service likewise sees their services' (Hana heads Service A).
    hana = client_for(org.hana).get(reverse("overview:index"))
    assert "Overview of Service A" in hana.text
    assert headline(hana.context["headlines"], "Audits completed") == (1, 1)


@pytest.mark.parametrize("person", ["tom", "sam", "alice", "bella", "mo"])
def test_others_may_not_read_the_overview(org, client_for, person):
    client = client_for(getattr(org, person))
    assert client.get(reverse("overview:index")).status_code == 403


def test_the_monthly_pdf_is_made_once_and_emailed_to_the_senior_leadership_team(
    org, director, ada, figures, client_for
):
    today = timezone.localdate()
    next_month = workdays.add_months(workdays.first_of_month(today), 1)
    first_working_day = workdays.first_working_day(next_month)
    assert services.monthly_overview_job(today=first_working_day - datetime.timedelta(days=1)) == 0
    assert services.monthly_overview_job(today=first_working_day) == 1
    assert services.monthly_overview_job(today=first_working_day) == 0
    overview = MonthlyOverview.objects.get()
    assert overview.month == workdays.first_of_month(today)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bytes(overview.pdf))).pages)
    assert f"The Director's overview of the directorate, {today:%B %Y}" in " ".join(text.split())
    assert "The eight Signs of Safety measures" in text
    emailed = set(
        Notification.objects.filter(template="monthly-overview").values_list(
            "recipient__username", flat=True
        )
    )
    assert emailed == {"dcs", "dee", "ada", "hana"}  # the senior leadership team
    # Its readers download it from the overview page; no one else.
    response = client_for(director).get(overview.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert overview.get_absolute_url() in client_for(org.pat).get(reverse("overview:index")).text
    # Everyone emailed may open it: the senior leadership team.
    for reader in (ada, org.hana, org.dee):
        assert client_for(reader).get(overview.get_absolute_url()).status_code == 200
    assert client_for(org.tom).get(overview.get_absolute_url()).status_code == 403
    assert client_for(org.sam).get(overview.get_absolute_url()).status_code == 403


def test_an_immediate_action_still_inside_its_24_hours_is_not_counted_late(
    org, director, ready, client_for
):
    """Amy's outcome was sent an hour ago: its immediate action is open but not yet late."""
    noon = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate().replace(day=15), datetime.time(12))
    )
    with time_machine.travel(noon):
        for hours, shown in ((1, "–"), (25, 0)):
            Audit.objects.filter(pk=ready.pk).update(
                outcome_sent_at=noon - datetime.timedelta(hours=hours)
            )
            rows = client_for(director).get(reverse("home")).context["overview_headlines"]
            assert headline(rows, "Inadequate outcomes sent")[0] == 1
            assert headline(rows, "Their immediate actions done within 24 hours (%)")[0] == shown
