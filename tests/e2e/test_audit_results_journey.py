"""The audit results and the quarterly QA report in Chromium: PSQA filter the figures, follow one
down to its audits, draft a report, write it (autosaved), publish it and read the PDF back; a
team manager sees their own team's figures only (axe-core checked on every page)."""

import io
import re
from datetime import datetime, timedelta

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from bexley_qa.people.models import Child, Team, User
from reporting.models import QAReport
from tests.reporting.test_analytics import made


def results(demo_team: Team) -> None:
    """Four audits of the team completed this month: three Good, one Requires improvement."""

    class Org:
        bella = User.objects.get(username="business.support")
        tariq = User.objects.exclude(team=demo_team).filter(managed_teams__isnull=False).first()

    when = timezone.localtime().replace(tzinfo=None) - timedelta(minutes=5)
    children = Child.objects.filter(team=demo_team, is_open=True).order_by("pk")[:4]
    for child, grade in zip(children, (6, 6, 6, 4), strict=True):
        made(Org, child, grade=grade, completed=datetime(when.year, when.month, when.day, 9))


def test_psqa_answer_the_questions_drill_down_and_publish_the_quarterly_report(
    demo, browser_session
):
    b, page = browser_session, browser_session.page
    team = Team.objects.get(name="Assessment Team A")
    results(team)
    b.sign_in("psqa")
    page.get_by_role("link", name="Results and reports").click()
    b.check_page()
    page.get_by_role("link", name="Audit results").click()
    b.check_page()
    expect(page.get_by_role("heading", name="How much did we do?", level=1)).to_be_visible()
    page.get_by_role("link", name="How well did we do it?").click()
    b.check_page()
    page.get_by_label("Service", exact=True).select_option(label=team.service.name)
    page.get_by_role("button", name="Show the figures").click()
    b.check_page()
    row = (
        page.locator("#grades-by-team").locator("..").get_by_role("row", name=re.compile(team.name))
    )
    expect(row).to_contain_text("75")
    row.get_by_role("link", name="3").click()  # the three Good audits
    b.check_page()
    expect(page.get_by_text(re.compile(r"3\s+audits"))).to_be_visible()

    page.get_by_role("link", name="Results and reports").click()
    page.get_by_role("link", name="Audit results").click()
    page.get_by_role("link", name="Quarterly QA reports").click()
    b.check_page()
    page.get_by_role("link", name="Draft a report for another period").click()
    b.check_page()
    this_month = f"{timezone.localdate():%Y-%m}"
    page.get_by_label("First month").fill(this_month)
    page.get_by_label("Last month").fill(this_month)
    page.get_by_label("Report on").select_option(label=team.service.name)
    page.get_by_role("button", name="Draft the report").click()
    b.check_page()
    expect(page.get_by_text("The report is drafted")).to_be_visible()
    report = QAReport.objects.get()
    page.get_by_role("link", name="Write the sections").click()
    b.check_page()
    page.get_by_label("Themes").fill("Safety planning is strong.")
    page.get_by_label("Key learning").fill("Families value plain plans.")
    page.get_by_label("Recommendations").fill("Plain-language workshops.")
    page.get_by_label("The impact of agreed actions").fill("Plans are clearer.")
    expect(page.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    for _ in range(50):  # the last field's save goes a second after the typing stops
        report.refresh_from_db()
        if report.impact:
            break
        page.wait_for_timeout(200)
    assert report.impact == "Plans are clearer."  # autosaved, before any button
    page.get_by_role("button", name="Save and return to the report").click()
    page.wait_for_url(re.compile(rf"/dashboard/qa-reports/{report.pk}/$"))
    b.check_page()
    page.get_by_role("link", name="Publish", exact=True).click()
    b.check_page()
    page.get_by_role("button", name="Publish the report").click()
    b.check_page()
    expect(page.get_by_text("The report is published")).to_be_visible()
    response = page.request.get(f"{b.base}/dashboard/qa-reports/{report.pk}/report.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split()
    )
    assert f"QA report {timezone.localdate():%B %Y}: {team.service.name}" in text
    assert "Plain-language workshops." in text and "Key figures" in text


def test_a_team_manager_sees_their_own_teams_figures_only(demo, browser_session):
    b, page = browser_session, browser_session.page
    team = Team.objects.get(name="Assessment Team A")
    results(team)
    other = Team.objects.exclude(pk=team.pk).first()
    made_elsewhere = Child.objects.filter(team=other, is_open=True).first()

    class Org:
        bella = User.objects.get(username="business.support")
        tariq = team.managers.first()

    made(Org, made_elsewhere, grade=1, completed=datetime.now() - timedelta(days=1))
    b.sign_in("team.manager")
    page.get_by_role("link", name="Results and reports").click()
    page.get_by_role("link", name="Audit results").click()
    page.get_by_role("link", name="How well did we do it?").click()
    b.check_page()
    rows = page.locator("#grades-by-team").locator("..").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(team.name)
    this_month = (
        page.locator("#grades-by-month")
        .locator("..")
        .get_by_role("row", name=re.compile(f"{timezone.localdate():%B %Y}"))
    )
    expect(this_month.locator("td")).to_have_text(
        ["0", "1", "3", "0", "4", "75"]
    )  # none Inadequate
