"""Autosave in a browser when a save fails: the page says so, and keeps what was typed."""

import re

from playwright.sync_api import expect

from audits import access, services
from bexley_qa.people.models import Child, User


def allocated_audit():
    practitioner = User.objects.get(username="practitioner")
    child = Child.objects.filter(allocated_worker=practitioner, is_open=True).order_by("case_id")[1]
    auditor = access.eligible_auditors_for(child).filter(role_grants__role="team_manager").first()
    support = User.objects.get(username="business.support")
    return services.audit_allocate(actor=support, child=child, auditor=auditor)


def test_a_failed_autosave_says_not_saved_and_keeps_the_text(demo, browser_session):
    b = browser_session
    page = b.page
    audit = allocated_audit()
    area = f"/audits/{audit.pk}/areas/6/"
    b.sign_in(audit.auditor.username)
    b.visit(area)

    page.route(re.compile(f"{area}$"), lambda route: route.fulfill(status=500, body="boom"))
    page.locator("#id_worked_well").fill("Words and pictures with both children")
    expect(page.locator("#save-status")).to_contain_text("Not saved: something went wrong")
    expect(page.locator("#id_worked_well")).to_have_value("Words and pictures with both children")

    page.unroute(re.compile(f"{area}$"))
    page.locator("#id_worked_well").fill("Words and pictures with both children, shared")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    assert audit.area_scores.get(area=6).worked_well.endswith("shared")
    b.console_errors.clear()  # the browser reports the 500 we made it receive


def test_an_autosave_after_signing_out_says_so_and_shows_no_sign_in_page_in_the_form(
    demo, browser_session
):
    b = browser_session
    page = b.page
    audit = allocated_audit()
    b.sign_in(audit.auditor.username)
    b.visit(f"/audits/{audit.pk}/areas/7/")
    page.context.clear_cookies(name="sessionid")  # the session ends (after 30 idle minutes)
    page.locator("#id_worked_well").fill("Typed after the session ended")
    expect(page.locator("#save-status")).to_contain_text("Not saved: you have been signed out")
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    expect(page.locator("#id_worked_well")).to_have_value("Typed after the session ended")
