"""Guidance and insight in a browser, each page checked for accessibility: the auditor's hints on
the audit and the grading guide on the grade page, the QA calendar and its address, the audit
results through the child's details, a published report's highlights, a team's family feedback,
and the survey's call page with its script."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from bexley_qa import workdays
from bexley_qa.people.models import User
from feedback import statements
from feedback.models import SurveyCall
from feedback.survey import services as survey_services
from reporting.qa_reports import services as qa_services

from .test_completion_journey import graded_inadequate_audit, sign_out

TODAY = datetime.date.today()


def test_guidance_and_insight_pages(demo, browser_session):
    b = browser_session
    page = b.page
    # The auditor: hints on the audit, the grading guide beside the grade.
    audit = graded_inadequate_audit()  # scored and graded; still open, so the grade may change
    b.sign_in(audit.auditor.username)
    b.visit(f"/audits/{audit.pk}/")
    page.get_by_text("Hints and Tips for Collaborative Case Audits").click()
    expect(page.get_by_text("Remember collaboration is key")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("recent practice observations"))
    ).to_be_visible()
    b.visit(f"/audits/{audit.pk}/grade/")
    page.get_by_text("Management Oversight", exact=True).click()
    b.check_page()
    # The QA calendar and its private address.
    b.visit("/calendar/")
    page.get_by_role("button", name="Make my calendar's address").click()
    expect(page.get_by_label(re.compile("Subscribe to it in Outlook"))).to_have_value(
        re.compile(r"/calendar/feed\.ics\?key=.{40,}$")
    )
    b.check_page()
    sign_out(b)
    b.sign_in("team.manager")
    b.visit("/dashboard/themes/family-feedback/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Family feedback")
    sign_out(b)

    # PSQA: results through the child's details, a report's highlights, a survey call.
    today = timezone.localdate()
    survey_round = survey_services.survey_round_open(
        actor=User.objects.get(username="psqa"), name="Survey now", opens_on=today,
        closes_on=today + datetime.timedelta(days=13),
        services=list(User.objects.get(username="service.manager").managed_services.all()),
        families_per_team=3, statements=[text for _, text in statements.FAMILY_STATEMENTS],
    )  # fmt: skip
    b.sign_in("psqa")
    b.visit("/dashboard/analytics/childs-details/")
    expect(page.get_by_text(re.compile("To protect children.s privacy")).first).to_be_visible()
    psqa = User.objects.get(username="psqa")
    start = workdays.add_months(workdays.this_month(), -3)
    report = qa_services.qa_report_draft(actor=psqa, start=start, end=workdays.add_months(start, 2))
    report = qa_services.qa_report_save(
        actor=psqa, report=report, version=report.version,
        data={"themes": "Safety planning is stronger.", "key_learning": "Families value honesty.",
              "recommendations": "Chronology workshops.", "impact": "Plans improved."},
    )  # fmt: skip
    report = qa_services.qa_report_publish(actor=psqa, report=report)
    b.visit(f"/dashboard/qa-reports/{report.pk}/highlights/")
    page.get_by_label("The highlights").fill("Chronologies improved this quarter.")
    page.get_by_role("button", name="Save the highlights").click()
    expect(page.get_by_text("The highlights are saved.")).to_be_visible()
    b.check_page()
    call = SurveyCall.objects.filter(round=survey_round).first()
    b.visit(f"/survey/calls/{call.pk}/")
    expect(
        page.get_by_text(re.compile("The parent/carer can decline to take part at any stage"))
    ).to_be_visible()
