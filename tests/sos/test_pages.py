"""The dashboard's pages for each role: scope, 404 out of it, fixed query counts, recording a
measure on the child's page, the monthly reports."""

import datetime
import io
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from sos import figures, reports
from sos.models import Measure, MeasureCompletion, MonthlyReport, Source
from tests.helpers import assert_tagged_pdf

from ..factories import ChildFactory, TeamFactory

TODAY = timezone.localdate()


@pytest.fixture
def measures(org):
    for child, measure in [
        (org.amy, Measure.MAPPING),
        (org.ben, Measure.SAFETY_PLAN),
        (org.dan, Measure.MAPPING),
    ]:
        MeasureCompletion.objects.create(
            child=child, measure=measure, completed_on=child.referral_date, source=Source.IMPORT
        )
    figures.refresh_current()


def test_a_practitioner_sees_their_own_childrens_grid(org, client_for, measures):
    response = client_for(org.alice).get("/dashboard/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/dashboard/my-children/"
    assert "Amy Archer" in page and "Ben Baker" in page
    assert "Cara Cole" not in page and "Dan Dale" not in page  # a colleague's, another team's
    assert "2 open cases" in page


def test_a_team_manager_goes_to_their_team_with_shares_now_and_month_by_month(
    org, client_for, measures
):
    response = client_for(org.tom).get("/dashboard/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/dashboard/teams/{org.team_a.pk}/"
    assert "Cara Cole" in page and "Dan Dale" not in page
    assert "Month by month" in page and "33%" in page  # 1 of the 3 children mapped
    assert client_for(org.tom).get(f"/dashboard/teams/{org.team_b.pk}/").status_code == 404
    assert client_for(org.tom).get(f"/dashboard/services/{org.service_a.pk}/").status_code == 404


def test_each_teams_charts_are_drawn_by_the_worker_before_its_manager_looks(
    org, client_for, measures, monkeypatch
):
    from django.core.cache import cache

    from bexley_qa import charts
    from bexley_qa.people.models import Team
    from sos.tasks import draw_team_charts

    cache.clear()
    assert draw_team_charts() == Team.objects.count()

    def drawn_while_waiting(*args, **kwargs):
        raise AssertionError("a chart was drawn while the manager waited")

    monkeypatch.setattr(charts, "_svg", drawn_while_waiting)
    page = client_for(org.tom).get(f"/dashboard/teams/{org.team_a.pk}/").content.decode()
    assert page.count('src="data:image/svg+xml;base64,') == 2
    # A measure recorded since: the page draws the changed chart itself.
    MeasureCompletion.objects.create(
        child=org.cara, measure=Measure.MAPPING, completed_on=org.cara.referral_date,
        source=Source.IMPORT,
    )  # fmt: skip
    with pytest.raises(AssertionError, match="drawn while the manager waited"):
        client_for(org.tom).get(f"/dashboard/teams/{org.team_a.pk}/")


def test_a_head_of_service_drills_down_service_team_child_and_no_further(org, client_for, measures):
    hana = client_for(org.hana)
    page = hana.get("/dashboard/").content.decode()
    assert "Service A" in page and "Service B" not in page
    page = hana.get(f"/dashboard/services/{org.service_a.pk}/").content.decode()
    assert f'href="/dashboard/teams/{org.team_a.pk}/"' in page
    page = hana.get(f"/dashboard/teams/{org.team_a.pk}/").content.decode()
    assert f'href="/children/{org.amy.case_id}/#sos-measures"' in page
    assert hana.get(f"/dashboard/services/{org.service_b.pk}/").status_code == 404
    assert hana.get(f"/dashboard/teams/{org.team_b.pk}/").status_code == 404


def test_a_manager_with_nothing_recorded_against_them_is_told_why_the_page_is_empty(
    org, client_for
):
    from ..factories import UserFactory

    new_head = UserFactory(username="newhead", roles=["head_of_service"])
    page = client_for(new_head).get("/dashboard/", follow=True).content.decode()
    assert "No teams, services or cases are recorded against you yet" in page


def test_psqa_and_the_deputy_director_see_every_service(org, client_for, measures):
    for user in (org.pat, org.dee):
        page = client_for(user).get("/dashboard/").content.decode()
        assert "Service A" in page and "Service B" in page
        assert client_for(user).get(f"/dashboard/teams/{org.team_b.pk}/").status_code == 200


def test_the_plan_type_filter_narrows_every_figure(org, client_for, measures):
    page = (
        client_for(org.tom).get(f"/dashboard/teams/{org.team_a.pk}/?plan_type=cp").content.decode()
    )
    assert "Ben Baker" in page and "Amy Archer" not in page
    page = (
        client_for(org.tom)
        .get(f"/dashboard/teams/{org.team_a.pk}/?plan_type=nonsense")
        .content.decode()
    )
    assert "Select a plan type from the list" in page and "Amy Archer" in page


def test_choosing_a_service_or_team_goes_to_its_page_in_scope_only(org, client_for, measures):
    hana = client_for(org.hana)
    response = hana.get(f"/dashboard/?team={org.team_a.pk}&plan_type=cp")
    assert response.url == f"/dashboard/teams/{org.team_a.pk}/?plan_type=cp"
    response = hana.get(f"/dashboard/?service={org.service_a.pk}")
    assert response.url == f"/dashboard/services/{org.service_a.pk}/"
    page = hana.get(f"/dashboard/?team={org.team_b.pk}").content.decode()
    assert "Select an option from the list" in page and "Care" not in page
    other = TeamFactory(name="Early help", service=org.service_b)
    org.service_b.head_of_service = org.hana
    org.service_b.save()
    page = hana.get(f"/dashboard/?service={org.service_a.pk}&team={other.pk}").content.decode()
    assert "Early help is not in Service A" in page


def test_business_support_and_moderators_see_no_measures(org, client_for, measures):
    for user in (org.bella, org.mo):
        client = client_for(user)
        assert client.get("/dashboard/").status_code == 403
        assert client.get(f"/dashboard/teams/{org.team_a.pk}/").status_code == 404
        assert client.get("/dashboard/reports/").status_code == 403
    assert (
        "Signs of Safety measures"
        not in client_for(org.bella).get(f"/children/?q={org.amy.case_id}").content.decode()
    )


def test_the_charts_have_titles_and_a_text_alternative(org, client_for, measures):
    page = client_for(org.tom).get(f"/dashboard/teams/{org.team_a.pk}/").content.decode()
    import base64
    import re

    images = re.findall(
        r'<img class="app-chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page
    )
    assert len(images) == 2
    for data, alt in images:
        svg = ElementTree.fromstring(base64.b64decode(data))  # noqa: S314 - our own SVG
        title = svg.find("{http://www.w3.org/2000/svg}title")
        assert title is not None and "Share of children" in title.text
        assert "table" in alt


def test_the_pages_queries_do_not_grow_with_the_children(org, client_for, measures):
    pages = [
        ("team", org.tom, f"/dashboard/teams/{org.team_a.pk}/"),
        ("mine", org.alice, "/dashboard/my-children/"),
        ("directorate", org.pat, "/dashboard/"),
        ("service", org.pat, f"/dashboard/services/{org.service_a.pk}/"),
    ]

    def counts():
        counted = {}
        for name, user, url in pages:
            client = client_for(user)
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counted[name] = len(captured)
        return counted

    few = counts()
    for n in range(30):
        child = ChildFactory(case_id=f"77{n:03}", team=org.team_a, allocated_worker=org.alice)
        MeasureCompletion.objects.create(
            child=child, measure=Measure.SAFETY_GOAL, completed_on=child.referral_date,
            source=Source.IMPORT,
        )  # fmt: skip
    figures.refresh_current()
    assert counts() == few
    assert max(few.values()) <= 12, few


def test_a_practitioner_records_a_measure_on_the_childs_page(org, client_for):
    alice = client_for(org.alice)
    page = alice.get(f"/children/{org.amy.case_id}/").content.decode()
    assert "Signs of Safety measures" in page and "Record a measure completed" in page
    url = f"/dashboard/children/{org.amy.case_id}/record/"
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = alice.post(url, {"measure": "safety_plan", "completed_on_0": tomorrow.day,
                                "completed_on_1": tomorrow.month, "completed_on_2": tomorrow.year})  # fmt: skip
    assert "The date completed must be today or in the past" in response.content.decode()
    before = org.amy.referral_date - datetime.timedelta(days=1)
    response = alice.post(url, {"measure": "safety_plan", "completed_on_0": before.day,
                                "completed_on_1": before.month, "completed_on_2": before.year})  # fmt: skip
    assert "must be on or after the referral date" in response.content.decode()
    assert not MeasureCompletion.objects.exists()
    response = alice.post(url, {"measure": "safety_plan", "completed_on_0": TODAY.day,
                                "completed_on_1": TODAY.month, "completed_on_2": TODAY.year}, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Safety plan recorded as completed" in page
    assert "Recorded in this app" in page
    completion = MeasureCompletion.objects.get()
    assert completion.recorded_by == org.alice and completion.source == "entered"
    # The same again is refused, and the team's figures already count it.
    response = alice.post(url, {"measure": "safety_plan", "completed_on_0": TODAY.day,
                                "completed_on_1": TODAY.month, "completed_on_2": TODAY.year})  # fmt: skip
    assert "already recorded on this date" in response.content.decode()
    from sos.models import MonthlyFigure

    assert MonthlyFigure.objects.get(team=org.team_a, plan_type=org.amy.plan_type).safety_plan == 1


def test_only_the_worker_or_their_manager_record_a_measure(org, client_for):
    url = f"/dashboard/children/{org.amy.case_id}/record/"
    assert client_for(org.priya).get(url).status_code == 404  # another team's
    assert client_for(org.colleague).get(url).status_code == 404  # a colleague's child
    assert client_for(org.tariq).get(url).status_code == 404
    assert client_for(org.pat).get(url).status_code == 403  # sees it, does not work the case
    assert client_for(org.hana).get(url).status_code == 403  # nor does the head of service
    assert client_for(org.tom).get(url).status_code == 200
    assert client_for(org.stella).get(url).status_code == 200  # Amy's Staying Together worker
    org.amy.is_open = False
    org.amy.save()
    assert client_for(org.alice).get(url).status_code == 403  # a closed case: no more measures
    assert (
        "Record a measure completed"
        not in client_for(org.alice).get(f"/children/{org.amy.case_id}/").content.decode()
    )


def test_the_childs_measures_are_part_of_a_subject_access_export(org, client_for, measures):
    data = client_for(org.pat).get(f"/children/{org.amy.case_id}/subject-access.json").json()
    assert "Signs of Safety measures" in str(data)


def test_the_monthly_reports_are_produced_once_kept_and_sent_to_each_scope(
    org, client_for, measures, send_outbox
):
    assert reports.monthly_job(today=datetime.date(2026, 12, 1)) > 0  # Tuesday 1 December
    count = MonthlyReport.objects.count()
    assert count == 1 + 2 + 2  # the directorate, two services, two teams
    pdf = MonthlyReport.objects.get(level="directorate")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pdf.pdf))).pages).split()
    )
    assert_tagged_pdf(pdf.pdf, "Case Management Dashboard")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(pdf.pdf))).pages).split()
    )
    assert "Case Management Dashboard: the directorate, November 2026" in text
    assert "Service A" in text and "How we count" in text
    assert pdf.csv.splitlines()[0].startswith("Month,Service,Team,Plan type")
    produced = pdf.produced_at
    assert reports.monthly_job(today=datetime.date(2026, 12, 2)) == 0  # once
    pdf.refresh_from_db()
    assert pdf.produced_at == produced and MonthlyReport.objects.count() == count
    emails = send_outbox()
    to = {e.to[0]: e for e in emails}
    assert {
        org.dee.email,
        org.pat.email,
        org.sam.email,
        org.hana.email,
        org.tom.email,
        org.tariq.email,
    } <= set(to)
    assert org.alice.email not in to
    assert "/dashboard/reports/" in to[org.tom.email].body
    # Each manager lists and downloads theirs only.
    tom_reports = client_for(org.tom).get("/dashboard/reports/").content.decode()
    assert "Assessment" in tom_reports and "Care" not in tom_reports
    other = MonthlyReport.objects.get(team=org.team_b)
    assert client_for(org.tom).get(f"/dashboard/reports/{other.pk}.pdf").status_code == 404
    mine = MonthlyReport.objects.get(team=org.team_a)
    response = client_for(org.tom).get(f"/dashboard/reports/{mine.pk}.csv")
    assert response.status_code == 200 and "Assessment" in response.content.decode()
    # No line counted twice: a team's CSV has its own line and its plan types, once each.
    lines = [line.split(",")[:4] for line in mine.csv.splitlines()[1:]]
    assert [line[3] for line in lines].count("All") == 1
    directorate_lines = [line.split(",")[1:4] for line in pdf.csv.splitlines()[1:]]
    assert ["Service A", "All teams", "All"] in directorate_lines
    # The directorate's figures go to the Social Care Performance Review: every manager's.
    assert client_for(org.sam).get(f"/dashboard/reports/{pdf.pk}.pdf").status_code == 200
    assert client_for(org.alice).get(f"/dashboard/reports/{pdf.pk}.pdf").status_code == 404


def test_no_report_before_the_months_first_working_day(org, measures):
    assert reports.monthly_job(today=datetime.date(2027, 1, 1)) == 0  # New Year's Day
    assert reports.monthly_job(today=datetime.date(2027, 1, 2)) == 0  # Saturday
    assert reports.monthly_job(today=datetime.date(2027, 1, 4)) > 0  # Monday
    assert MonthlyReport.objects.filter(month=datetime.date(2026, 12, 1)).exists()


def test_a_childs_measure_cells_are_the_markup_the_template_wrote():
    """Written in Python for speed (sos/templatetags.py), they say what the template's loop said:
    the day each measure was done, as the service writes dates, or "To do"."""
    from django.template import Context, Template

    from sos.templatetags import measure_cells

    done = [datetime.date(2026, 12, 7), None, datetime.date(2025, 1, 31), None, None,
            datetime.date(2024, 5, 1), None, datetime.date(2026, 10, 10)]  # fmt: skip
    loop = Template(
        '{% for day in done %}<td class="govuk-table__cell">{% if day %}<strong class="govuk-tag '
        'govuk-tag--green app-tag--small app-nowrap"><span class="govuk-visually-hidden">Done '
        '</span>{{ day|date:"j M y" }}</strong>{% else %}<strong class="govuk-tag govuk-tag--grey '
        'app-tag--small">To do</strong>{% endif %}</td>{% endfor %}'
    ).render(Context({"done": done}))
    assert measure_cells(done) == loop
    assert "7 Dec 26" in loop and loop.count("To do") == 4
