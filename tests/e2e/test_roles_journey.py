"""Every role its part, in a browser: the service manager reviews an Inadequate audit (not
satisfied, then satisfied), the team manager closes it off once completed, the Director reads
their overview, a team manager the month's themes, and PSQA's business support officer the
moderation sample; each page checked for accessibility."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from audits import services
from audits.models import Action, ActionSource, Audit, AuditStatus, FollowUp, ReviewKind
from bexley_qa import workdays
from bexley_qa.people.models import User

from .test_completion_journey import graded_inadequate_audit, sign_out

TODAY = datetime.date.today()


def sent_outcome() -> Audit:
    audit = graded_inadequate_audit()
    manager = User.objects.get(username="team.manager")
    services.action_save(
        actor=audit.auditor, audit=audit,
        data={"what": "Practice observation of a home visit", "owner": manager, "owner_name": "",
              "due_date": TODAY + datetime.timedelta(days=14), "practice_observation": True},
    )  # fmt: skip
    services.action_save(
        actor=audit.auditor, audit=audit,
        data={"what": "Update the safety plan", "owner": manager, "owner_name": "",
              "due_date": TODAY, "immediate": True},
    )  # fmt: skip
    return services.audit_send_outcome(actor=audit.auditor, audit=audit)


def test_service_manager_review_close_off_overview_and_themes(demo, browser_session):
    b = browser_session
    page = b.page
    audit = sent_outcome()
    case = audit.child.case_id

    # The service manager: the audit is on their home page until they are satisfied.
    b.sign_in("service.manager")
    section = page.locator("h2", has_text="Inadequate audits to review")
    expect(section).to_be_visible()
    page.get_by_role("link", name=f"Case {case}").first.click()
    b.check_page()
    page.get_by_label("No, further actions are needed").check()
    page.get_by_role("button", name="Record your review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your review")
    b.check_page()
    page.get_by_label("No, further actions are needed").check()
    page.get_by_label("Your review").fill("The plan does not yet say how the child is seen alone.")
    page.get_by_label("What further action is needed?").fill("See the child alone within a week")
    b.fill_date("When: due by", TODAY + datetime.timedelta(days=7))
    page.get_by_role("button", name="Record your review").click()
    expect(page.get_by_text("Your review is recorded.")).to_be_visible()
    expect(page.locator("#service-manager-review-status")).to_contain_text("Not satisfied yet")
    b.check_page()
    further = Action.objects.get(audit=audit, source=ActionSource.SM_REVIEW)
    assert further.owner.username == "team.manager"
    page.get_by_role("link", name="Service manager's review").click()
    page.get_by_label("Yes, I am satisfied").check()
    page.get_by_label("Your review").fill("The visit is booked; the actions are sufficient.")
    page.get_by_role("button", name="Record your review").click()
    expect(page.locator("#service-manager-review-status")).to_contain_text("Satisfied")
    b.visit("/")
    expect(
        page.get_by_text(re.compile("None waiting. When an audit in your services"))
    ).to_be_visible()
    sign_out(b)

    # Completed (the steps between are the completion journey's), its oversight note recorded:
    # the team manager closes it off from their home page.
    now = timezone.now()
    Audit.objects.filter(pk=audit.pk).update(
        status=AuditStatus.COMPLETED, completed_at=now, completed_on=TODAY
    )
    FollowUp.objects.create(audit=audit, due_date=workdays.follow_up_due(now))
    manager = User.objects.get(username="team.manager")
    services.oversight_note_record(
        actor=manager, audit=Audit.objects.get(pk=audit.pk), discussion="Reviewed together",
        case_direction="Safety plan first", timeframe="A week",
    )  # fmt: skip
    b.sign_in("team.manager")
    expect(
        page.get_by_text("A case last allocated for audit")
    ).to_be_visible()  # the practitioners' coverage
    page.locator("h3", has_text="Audits to close off").scroll_into_view_if_needed()
    page.get_by_role("link", name=f"Case {case}").last.click()
    b.check_page()
    page.get_by_label("Yes, the case meets expected practice standards").check()
    page.get_by_label("What shows it, or why not").fill("Seen alone twice; the plan is reviewed.")
    page.get_by_role("button", name="Record the close-off").click()
    expect(page.get_by_text("Your close-off is recorded.")).to_be_visible()
    expect(page.locator("#close-off-status")).to_contain_text("Satisfied")
    assert Audit.objects.get(pk=audit.pk).latest_review(ReviewKind.CLOSE_OFF).satisfied
    b.visit("/dashboard/themes/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Themes from auditing")
    sign_out(b)

    # The Director: their home is the overview's headline figures, and the whole overview.
    b.sign_in("director")
    expect(page.get_by_role("link", name="Graded Good or better (%)")).to_be_visible()
    b.check_page()
    page.get_by_role("link", name=re.compile("The whole overview")).click()
    expect(page.get_by_role("heading", name="Overview of the directorate")).to_be_visible()
    b.check_page()
    sign_out(b)

    # PSQA's business support officer: the month's sample, nothing of PSQA's other pages.
    b.sign_in("psqa.bso")
    b.visit("/moderation/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sample for")
    expect(page.get_by_role("link", name="What moderation tells us")).to_have_count(0)
