"""The parent/carer survey and Practice Week in Chromium, as PSQA and the Principal Social Worker
run them, from start to report (axe-core checked on every page)."""

import datetime
import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from audits.models import Audit, AuditKind, Observation, PracticeWeek
from bexley_qa.people.models import User
from feedback.models import SurveyCall, SurveyResponse, SurveyRound


def pdf_text(page, url: str) -> str:
    response = page.request.get(url)
    assert response.headers["content-type"] == "application/pdf"
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).split()
    )


def test_psqa_run_a_round_from_opening_to_the_published_report(demo, browser_session):
    b, page = browser_session, browser_session.page
    b.sign_in("psqa")
    page.get_by_role("link", name="Survey").click()
    b.check_page()
    expect(page.get_by_text("No round has been opened yet")).to_be_visible()
    page.get_by_role("link", name="Open a round").click()
    b.check_page()
    page.get_by_label("Name of the round").fill("")
    page.get_by_role("button", name="Open the round").click()
    b.check_page()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the round")
    page.get_by_label("Name of the round").fill("Parent/carer survey 2026")
    page.get_by_label("Families drawn from each team").fill("3")
    page.get_by_role("button", name="Open the round").click()
    b.check_page()
    expect(page.get_by_text("families are on the call list")).to_be_visible()
    survey_round = SurveyRound.objects.get(name="Parent/carer survey 2026")

    page.get_by_role("link", name=re.compile("^Record the call")).first.click()
    b.check_page()
    page.get_by_label(re.compile("They agreed and answered")).check()
    page.get_by_role("group", name=re.compile("^1\\. My worker listens")).get_by_label(
        "Strongly agree"
    ).check()
    page.get_by_label("Their comments").fill("She explained everything.")
    page.get_by_role("button", name="Record the call").click()
    b.check_page()
    expect(page.get_by_text("their answers are saved, with no name")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Record the call")).first.click()
    page.get_by_role("group", name=re.compile("^2\\. My worker does")).get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_label(re.compile("They declined")).check()
    page.get_by_role("button", name="Record the call").click()
    b.check_page()
    expect(page.get_by_text("recorded as declined. Nothing they said is kept")).to_be_visible()
    assert SurveyResponse.objects.filter(round=survey_round).count() == 1

    page.get_by_role("link", name="Close the round now").click()
    b.check_page()
    page.get_by_role("button", name="Close the round").click()
    b.check_page()
    assert not SurveyCall.objects.filter(round=survey_round).exists()
    expect(page.get_by_role("heading", name="Round by round")).to_be_visible()
    expect(page.get_by_text("She explained everything.")).to_be_visible()
    page.get_by_role("link", name="Write the recommendations and actions").click()
    b.check_page()
    page.get_by_label("Recommendations to the senior management team").fill(
        "Explain plans plainly."
    )
    page.get_by_label("Actions agreed at the senior management team").fill("Plain-English plans.")
    page.get_by_role("button", name="Save").click()
    b.check_page()
    page.get_by_role("link", name="Publish the report").click()
    b.check_page()
    page.get_by_role("button", name="Publish the report").click()
    b.check_page()
    expect(page.get_by_text("The report is published")).to_be_visible()
    text = pdf_text(page, b.base + f"/survey/{survey_round.pk}/report.pdf")
    assert "Parent/carer survey: Parent/carer survey 2026" in text
    assert "Explain plans plainly." in text and "She explained everything." in text
    expect(page.get_by_role("link", name="Write the recommendations and actions")).to_have_count(0)


def test_the_principal_social_worker_runs_practice_week_to_its_report(demo, browser_session):
    b, page = browser_session, browser_session.page
    start = datetime.date.today()
    b.sign_in("principal.social.worker")
    page.get_by_role("link", name="Practice Week", exact=True).click()
    b.check_page()
    page.get_by_role("link", name="Schedule a Practice Week").click()
    b.check_page()
    b.fill_date("First day", start)
    b.fill_date("Last day", start + datetime.timedelta(days=4))
    page.get_by_label("Theme (optional)").fill("The voice of the child")
    page.get_by_role("button", name="Schedule Practice Week").click()
    b.check_page()
    page.get_by_role("link", name="Allocate audits").click()
    b.check_page()
    page.get_by_label(re.compile("Director of Children's Services")).check()
    page.locator("input[name=auditors]").first.check()
    page.get_by_label("Audits for each of them").fill("2")
    page.get_by_role("button", name="Propose the allocation").click()
    b.check_page()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)
    rows.first.get_by_role("combobox").select_option(label="Do not audit this case")
    page.get_by_role("button", name="Allocate these audits").click()
    b.check_page()
    expect(page.get_by_text("3 audits are allocated")).to_be_visible()
    audits = Audit.objects.filter(practice_week__isnull=False)
    assert audits.count() == 3 and {a.kind for a in audits} == {AuditKind.PRACTICE_WEEK}
    assert all(a.auditor.team_id != a.team_id for a in audits)

    page.get_by_role("link", name="Record an observation").click()
    b.check_page()
    page.get_by_label("Group supervision").check()
    observed = User.objects.get(username="practitioner")
    psw = User.objects.get(username="principal.social.worker")
    # The picker starts at the person recording it; they can choose the observer from all staff.
    expect(page.get_by_role("combobox", name="Observed by")).to_have_value(str(psw))
    b.choose_person("Practitioner or manager observed", observed, typed=observed.team.name)
    b.fill_date("Date observed", datetime.date.today())
    page.get_by_label("What was seen").fill("Group supervision of a complex case.")
    page.get_by_label("What worked well").fill("Everyone's view was heard.")
    page.get_by_label("What to develop").fill("Agree actions before the end.")
    page.get_by_role("button", name="Record the observation").click()
    b.check_page()
    assert Observation.objects.get().observed == observed
    page.get_by_role("link", name="Write the report").click()
    b.check_page()
    expect(page.get_by_label("What's working well")).to_contain_text("Everyone's view was heard.")
    page.get_by_label("Key learning").fill("Managers hear children's voices in supervision.")
    page.get_by_role("button", name="Save the report").click()
    b.check_page()
    page.get_by_role("link", name="Publish the report").click()
    b.check_page()
    page.get_by_role("button", name="Publish the report").click()
    b.check_page()
    expect(page.get_by_role("alert")).to_contain_text("once the week has ended")
    week = audits.first().practice_week
    PracticeWeek.objects.filter(pk=week.pk).update(  # the week is over
        starts_on=start - datetime.timedelta(days=5), ends_on=start - datetime.timedelta(days=1)
    )
    page.get_by_role("button", name="Publish the report").click()
    b.check_page()
    expect(page.get_by_text("The report is published")).to_be_visible()
    text = pdf_text(page, b.base + f"/practice-week/{week.pk}/report.pdf")
    assert "Managers hear children's voices in supervision." in text
    assert "Agree actions before the end." in text
