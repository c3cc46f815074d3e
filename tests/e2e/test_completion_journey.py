"""Steps 5 to 7 in a browser: an Inadequate audit's actions and its outcome (sent before the
feedback is in), the emails it causes, feedback, completing it, the escalation 24 hours after
the outcome, the follow-up and the team manager's oversight note; and a Requires-improvement
audit, whose immediate action keeps its date and never escalates."""

import datetime
import re

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from audits import access, services
from audits.models import Audit, AuditStatus
from audits.practice_areas import PRACTICE_AREAS
from bexley_qa.notifications.models import Notification
from bexley_qa.notifications.services import notifications_dispatch
from bexley_qa.people.models import Child, User
from feedback import services as feedback_services

TODAY = datetime.date.today()


def graded_inadequate_audit() -> Audit:
    """An audit of the practitioner's case, scored and graded 2 (the earlier steps, by service)."""
    practitioner = User.objects.get(username="practitioner")
    child = (
        Child.objects.filter(allocated_worker=practitioner, is_open=True)
        .order_by("case_id")
        .first()
    )
    auditor = access.eligible_auditors_for(child).filter(role_grants__role="team_manager").first()
    audit = services.audit_allocate(
        actor=User.objects.get(username="business.support"), child=child, auditor=auditor
    )
    services.audit_book_meeting(actor=auditor, audit=audit, meeting_date=TODAY)
    services.audit_section_1_save(
        actor=auditor, audit=audit, data={"practice_observation": "required"}, version=None
    )
    for area in PRACTICE_AREAS:
        services.area_score_save(
            actor=auditor, audit=audit, area=area.number, data={"score": 2}, version=0
        )
    return services.audit_grade(
        actor=auditor,
        audit=audit,
        grade=2,
        outstanding=False,
        impact_summary="The children are not yet safer.",
    )


def sign_out(b):
    b.page.get_by_role("button", name="Sign out").click()


def test_outcome_feedback_completion_escalation_follow_up_and_oversight(demo, browser_session):
    b = browser_session
    page = b.page
    audit = graded_inadequate_audit()
    auditor = audit.auditor
    manager = User.objects.get(username="team.manager")
    Notification.objects.all().delete()
    url = f"/audits/{audit.pk}/"

    b.sign_in(auditor.username)
    b.visit(url)
    # Neither practitioner self-assessed: the auditor waives each, with a reason.
    for _ in audit.self_assessors:
        page.get_by_role("link", name=re.compile("Waive this self-assessment")).first.click()
        b.check_page()
        page.get_by_label(re.compile("self-assessment not needed")).fill(
            "Practitioner on long-term leave"
        )
        page.get_by_role("button", name="Waive the self-assessment").click()
        b.check_page()

    # Found Inadequate: Section 6 first, the practice observation and an immediate action for
    # the manager; the outcome goes out before any feedback is in (completion waits for it).
    b.visit(f"{url}actions/")
    page.get_by_role("link", name="Add the practice observation").click()
    b.check_page()
    expect(page.get_by_label("What needs to happen?")).to_have_value(
        re.compile("practice observation")
    )
    b.fill_date("When: due by", TODAY + datetime.timedelta(days=14))
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("The action is saved.")).to_be_visible()
    b.check_page()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What needs to happen?").fill(
        "Update the safety plan with the family network"
    )
    # The whole staff list is too long to send: the picker asks the server as the name is typed.
    owner = page.get_by_role("combobox", name="Who: a person in the system").get_attribute("id")
    assert page.locator(f"#{owner}-select").get_attribute("data-search")
    assert page.locator(f"#{owner}-select option").count() == 1  # just "Choose a person"
    b.choose_person("Who: a person in the system", manager)
    # On an Inadequate audit the form says when an immediate action is due: 24 hours on.
    expect(page.get_by_label(re.compile("due within 24 hours of the outcome: by"))).to_be_visible()
    page.get_by_label(re.compile("Immediate: needed to reach Good")).check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text(re.compile("It is immediate: due by"))).to_be_visible()
    b.check_page()

    # The Inadequate outcome goes out once the immediate actions are recorded: a confirmation
    # page says who will be told.
    page.get_by_role("link", name="Send the Inadequate outcome").click()
    b.check_page()
    expect(
        page.get_by_role("row", name=re.compile("Team manager, Assessment Team A"))
    ).to_be_visible()
    page.get_by_role("button", name=re.compile("Send the outcome to")).click()
    expect(page.get_by_text("The outcome is sent.")).to_be_visible()
    b.check_page()
    # worker, team manager, service manager, head of service, assistant director, PSQA
    assert notifications_dispatch() >= 6

    # Section 5: the child, the family and the network.
    b.visit(url)
    page.get_by_role("link", name="Feedback from the child, the family and the network").click()
    b.check_page()
    page.get_by_role("link", name="Record the child's feedback").click()
    b.check_page()
    b.fill_date("Date of contact", TODAY)
    page.get_by_label("Name of child / young person").fill(audit.child.first_name)
    page.get_by_label(
        re.compile("agreed to the child or young person giving their feedback")
    ).check()
    page.get_by_label("Lead professional (optional)").fill("Sam Reid, school nurse")
    page.get_by_label("Do you know the name of the worker who is working with your family?").fill(
        "Yes, Connor"
    )
    page.get_by_label("How much better supported or safer do you feel now?").fill("A bit safer")
    page.get_by_role("button", name="Save the feedback").click()
    expect(page.get_by_text("The child's feedback is saved.")).to_be_visible()
    b.check_page()
    page.get_by_role("link", name="Record feedback from a family member").click()
    b.check_page()
    b.fill_date("Date of contact", TODAY)
    page.get_by_label("Role of family member").fill("Mother")
    page.get_by_label("What is going well?").fill("The visits are regular")
    for number in range(1, 10):
        page.locator(f"#id_statement_{number}_{number}").check()
    page.get_by_role("button", name="Save the feedback").click()
    expect(page.get_by_text("Feedback from the Mother is saved.")).to_be_visible()
    b.check_page()
    page.get_by_role("link", name="Record feedback from a member of the network").click()
    b.fill_date("Date of contact", TODAY)
    page.get_by_label("Name and role").fill("Sam Jones, school nurse")
    page.get_by_label("What has made a difference?").fill("The safety plan")
    page.get_by_role("button", name="Save the feedback").click()
    expect(page.get_by_text("Feedback from Sam Jones, school nurse is saved.")).to_be_visible()
    b.check_page()

    # Complete: check your answers.
    b.visit(url)
    page.get_by_role("link", name="Check and complete the audit").click()
    b.check_page()
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_text("The audit is completed.")).to_be_visible()
    b.check_page()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED
    sign_out(b)

    b.sign_in("psqa")
    b.visit("/outbox/")
    inadequate = page.get_by_role(
        "link", name=re.compile(f"Inadequate audit of case {audit.child.case_id}")
    )
    expect(inadequate.first).to_be_visible()
    assert inadequate.count() >= 6
    sign_out(b)

    # 24 hours later the immediate action is still open: the escalation goes out, once.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=5)):
        assert services.audit_reminders_queue() >= 2
        assert services.audit_reminders_queue() == 0
        notifications_dispatch()
        b.sign_in("team.manager")
        expect(page.get_by_role("heading", name="Open escalations")).to_be_visible()
        b.check_page()
        sign_out(b)
        b.sign_in("psqa")
        b.visit("/outbox/")
        expect(
            page.get_by_role(
                "link", name=re.compile("Escalation: immediate actions still open")
            ).first
        ).to_be_visible()
        sign_out(b)

        # The auditor records the follow-up, action by action.
        b.sign_in(auditor.username)
        expect(page.get_by_role("heading", name="Follow-ups due")).to_be_visible()
        page.get_by_role("link", name=f"Case {audit.child.case_id}").first.click()
        b.check_page()
        for radio in page.locator("input[type=radio][value=in_progress]").all():
            radio.check()
        page.get_by_label("What action has been taken since the audit?").fill(
            "Safety plan meeting booked for Friday"
        )
        page.get_by_label("Case note").fill("Followed up with the team manager on the phone")
        page.get_by_role("button", name="Record the follow-up").click()
        expect(page.get_by_text("The follow-up is recorded.")).to_be_visible()
        b.check_page()
        sign_out(b)

        # The team manager reviews the audit in supervision and records the oversight note.
        b.sign_in("team.manager")
        expect(
            page.get_by_role("heading", name="Management oversight notes to record")
        ).to_be_visible()
        page.locator(f'a[href="{url}oversight-note/"]').click()
        expect(page.get_by_role("heading", name="Management oversight note")).to_be_visible()
        b.check_page()
        page.get_by_label("What was discussed in supervision?").fill("The audit and its actions")
        page.get_by_label("Case direction and tasks").fill("Safety plan with the network first")
        page.get_by_label("Timeframe for action").fill("Within the week")
        page.get_by_role("button", name="Record the oversight note").click()
        expect(page.get_by_text("The management oversight note is recorded.")).to_be_visible()
        b.check_page()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.FOLLOWED_UP


def test_a_requires_improvement_audit_keeps_its_timescales(demo, browser_session):
    b = browser_session
    page = b.page
    audit = graded_inadequate_audit()
    auditor = audit.auditor
    audit = services.audit_grade(
        actor=auditor, audit=audit, grade=4, outstanding=False, impact_summary="Safer, not yet good"
    )
    for person in audit.self_assessors:
        services.self_assessment_waive(actor=auditor, audit=audit, author=person, reason="Leave")
    for kind in ("child", "family"):
        feedback_services.feedback_not_obtained_record(
            actor=auditor, audit=audit, kind=kind, reason="Declined"
        )
    in_ten_days = TODAY + datetime.timedelta(days=10)

    b.sign_in(auditor.username)
    b.visit(f"/audits/{audit.pk}/actions/")
    expect(page.get_by_text("each with the date you set for it")).to_be_visible()
    expect(page.get_by_role("link", name="Send the Inadequate outcome")).to_have_count(0)
    page.get_by_role("link", name="Add an action").click()
    b.check_page()
    page.get_by_label("What needs to happen?").fill("Update the plan with the school")
    b.choose_person("Who: a person in the system", audit.manager)
    b.fill_date("When: due by", in_ten_days)
    page.get_by_label(re.compile("Immediate: needed to reach Good")).check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("The action is saved.")).to_be_visible()
    b.visit(f"/audits/{audit.pk}/complete/")
    page.get_by_role("button", name="Complete the audit").click()
    expect(page.get_by_text("The audit is completed.")).to_be_visible()
    b.check_page()

    action = audit.actions.get()
    assert action.due_date == in_ten_days  # the auditor's date, kept
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        services.audit_reminders_queue()
    assert not Notification.objects.filter(dedupe_key__contains="escalation").exists()
    b.visit(f"/audits/{audit.pk}/actions/")
    expect(page.get_by_role("cell", name=f"{in_ten_days:%-d %b %Y}")).to_be_visible()
