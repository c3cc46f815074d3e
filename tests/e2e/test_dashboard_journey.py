"""The Signs of Safety dashboard in Chromium, as each role uses it: a practitioner's grid and
recording a measure, a head of service's drill-down, business support's import, PSQA's reports."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from bexley_qa import workdays
from bexley_qa.people.models import Child, User
from sos import demo as dashboard_demo
from sos import figures, reports
from sos.models import MeasureCompletion, ReportLevel


@pytest.fixture
def sos(demo):
    """The demo organisation with its Signs of Safety measures and last month's figures."""
    today = datetime.date.today()
    children = Child.objects.only("pk", "team_id", "referral_date", "closed_on")
    MeasureCompletion.objects.bulk_create(dashboard_demo.completions(children, today=today))
    this_month = workdays.first_of_month(today)
    figures.refresh(months=workdays.months_back(this_month, 13)[:-1], final=True)
    figures.refresh_current()


def test_a_practitioner_sees_their_grid_and_records_a_measure(sos, browser_session):
    b = browser_session
    page = b.page
    b.sign_in("practitioner")
    page.get_by_role("link", name="Dashboard").click()
    b.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signs of Safety: your children")
    practitioner = User.objects.get(username="practitioner")
    mine = Child.objects.filter(allocated_worker=practitioner, is_open=True)
    rows = page.locator("table.app-sos-grid tbody tr")
    expect(rows).to_have_count(mine.count())
    page.get_by_role("link", name=re.compile(r"^Done")).click()  # sort: most to do first
    b.check_page()
    expect(page).to_have_url(re.compile(r"sort=todo"))
    first = rows.first.get_by_role("link").inner_text()
    child = mine.get(first_name=first.split()[0], last_name=" ".join(first.split()[1:]))
    to_do = rows.first.locator("td").filter(has_text="To do").count()
    rows.first.get_by_role("link").click()
    b.check_page()
    expect(page.get_by_role("heading", name="Signs of Safety measures")).to_be_visible()
    page.get_by_role("link", name="Record a measure completed").click()
    b.check_page()
    page.get_by_role("button", name="Record the measure").click()  # nothing chosen
    b.check_page()
    expect(page.get_by_role("alert")).to_contain_text("Select the measure that was completed")
    done = set(
        MeasureCompletion.objects.filter(
            child=child, completed_on__gte=child.referral_date
        ).values_list("measure", flat=True)
    )
    label = next(
        name
        for code, name in MeasureCompletion._meta.get_field("measure").choices
        if code not in done
    )
    page.get_by_label(label).check()
    b.fill_date("Date completed", datetime.date.today())
    page.get_by_role("button", name="Record the measure").click()
    b.check_page()
    expect(page.get_by_text(f"{label} recorded as completed")).to_be_visible()
    b.visit("/dashboard/my-children/?sort=todo")
    row = page.locator("table.app-sos-grid tbody tr").filter(has_text=child.case_id)
    expect(row.locator("td").filter(has_text="To do")).to_have_count(to_do - 1)


def test_a_head_of_service_drills_down_service_team_child(sos, browser_session):
    b = browser_session
    page = b.page
    b.sign_in("head.of.service")
    page.get_by_role("link", name="Results and reports").click()
    page.get_by_role("link", name="Dashboard").click()
    b.check_page()
    head = User.objects.get(username="head.of.service")
    service = head.headed_services.order_by("name").first()
    expect(page.get_by_role("heading", name="Month by month")).to_be_visible()
    page.get_by_label("Plan type").select_option(label="Child in need")
    page.get_by_role("button", name="Filter").click()
    b.check_page()
    page.get_by_role("link", name=service.name).click()
    b.check_page()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signs of Safety: {service.name}")
    expect(page).to_have_url(re.compile(r"plan_type=cin"))
    team = service.teams.filter(children__plan_type="cin").order_by("name").first()
    page.get_by_role("link", name=team.name, exact=True).click()
    b.check_page()
    for cell in page.locator("table.app-sos-grid tbody td:nth-child(2)").all_inner_texts():
        assert cell == "Child in need"
    page.locator("table.app-sos-grid tbody tr").first.get_by_role("link").click()
    b.check_page()
    expect(page.get_by_role("heading", name="Signs of Safety measures")).to_be_visible()
    expect(page.get_by_role("link", name="Record a measure completed")).to_have_count(0)


def test_business_support_imports_an_export_and_psqa_read_the_monthly_report(
    sos, browser_session, tmp_path
):
    b = browser_session
    page = b.page
    dashboard_demo.write_demo_files(datetime.date.today())
    b.sign_in("business.support")
    expect(page.get_by_role("link", name="Dashboard")).to_have_count(0)
    page.get_by_role("link", name="Imports").click()
    b.check_page()
    page.get_by_role("link", name="Import Signs of Safety measures").click()
    b.check_page()
    page.get_by_label("Export file").set_input_files(
        str(dashboard_demo.DEMO_FOLDER / "measures_export_with_problems.csv")
    )
    page.get_by_role("button", name="Upload and check").click()
    b.check_page()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported: 6 problems found")
    page.get_by_label("Export file").set_input_files(
        str(dashboard_demo.DEMO_FOLDER / "measures_export.csv")
    )
    page.get_by_role("button", name="Upload and check").click()
    b.check_page()
    page.get_by_role("button", name=re.compile(r"^Import \d+ measures?$")).click()
    b.check_page()
    expect(page.get_by_role("heading", level=1)).to_contain_text("imported")
    page.get_by_role("button", name="Sign out").click()

    last_month = workdays.months_back(workdays.first_of_month(datetime.date.today()), 2)[0]
    reports.produce(last_month, levels=[ReportLevel.DIRECTORATE])  # the one read back here
    b.sign_in("psqa")
    b.visit("/dashboard/reports/")
    link = page.get_by_role("link", name=re.compile(r"^PDF of .*the directorate"))
    response = page.request.get(b.base + link.get_attribute("href"))
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split()
    )
    assert "Case Management Dashboard: the directorate" in text and "How we count" in text
