"""Moderation in a browser: PSQA propose the month's sample and allocate two audits; the moderator
agrees on one and disagrees on the other, records the meeting and finalises both; the auditor
reads the learning; the final grades are the agreed ones. Every page is checked with axe-core."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from audits.models import Audit
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import Child, User
from moderation.demo import complete_audit
from moderation.models import Moderation, ModerationStatus

TODAY = datetime.date.today()


def two_completed_audits():
    """Two completed audits by team.manager, of children in two other teams (grades 2 and 4)."""
    auditor = User.objects.get(username="team.manager")
    support = User.objects.get(username="business.support")
    children = (
        Child.objects.filter(is_open=True, staying_together_worker__isnull=True)
        .exclude(team=auditor.team)
        .exclude(team__in=auditor.managed_teams.all())
        .order_by("team__name", "case_id")
    )
    first = children.first()
    second = children.exclude(team=first.team).first()
    return (
        complete_audit(child=first, auditor=auditor, support=support, grade=2),
        complete_audit(child=second, auditor=auditor, support=support, grade=4),
    )


def sign_out(b):
    b.page.get_by_role("button", name="Sign out").click()


def allocate(b, audit):
    page = b.page
    b.visit("/moderation/")
    row = page.get_by_role("row").filter(has_text=audit.child.case_id)
    row.get_by_role("link", name="Allocate").click()
    b.check_page()
    b.choose_person("Moderator", User.objects.get(first_name="Georgia", last_name="Lawrence"))
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("They have been emailed")


def moderate(b, moderation, *, grade: str, agree: bool):
    page = b.page
    b.visit(moderation.get_absolute_url())
    page.get_by_role("link", name="1. Demographic information accurate").click()
    b.check_page()
    for number in range(1, 20):
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Area {number} of 19")
        page.get_by_label("Your comment").fill(f"Area {number} seen")
        page.locator("input[name=score][value='3']").check()
        if number < 19:
            page.get_by_role("button", name=f"Save and continue to area {number + 1}").click()
        else:
            page.get_by_role("button", name="Save and return to the moderation").click()
    page.get_by_role("link", name="Good practice and areas for development").click()
    b.check_page()
    page.get_by_label("Comments on good practice").fill("Warm, clear work with the family")
    page.get_by_label("Areas for development").fill("Reference the evidence")
    page.get_by_role("button", name="Save and return to the moderation").click()
    page.get_by_role("link", name="Were the audit's actions completed?").click()
    b.check_page()
    for group in page.get_by_role("group").all():
        group.get_by_label("Partly").check()
    page.get_by_role("button", name="Save and return to the moderation").click()
    page.get_by_role("link", name="Your grade and agreement with the auditor's").click()
    b.check_page()
    page.get_by_label(grade, exact=True).check()
    page.get_by_label(
        "I agree with the auditor's grade" if agree else "I disagree with the auditor's grade"
    ).check()
    page.get_by_role("button", name="Save").click()


def test_psqa_allocate_and_the_moderator_agrees_and_disagrees(demo, browser_session):
    b = browser_session
    page = b.page
    inadequate, requires_improvement = two_completed_audits()

    # PSQA propose this month's sample and allocate both audits to the moderator.
    b.sign_in("psqa")
    b.visit("/moderation/")
    page.get_by_role("button", name="Propose this month's sample now").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("audits are proposed")
    b.check_page()
    allocate(b, inadequate)
    allocate(b, requires_improvement)
    sign_out(b)

    # The moderator agrees with the Inadequate grade and finalises.
    b.sign_in("moderator")
    expect(page.get_by_text(f"Case {inadequate.child.case_id}")).to_be_visible()
    first = Moderation.objects.get(audit=inadequate)
    moderate(b, first, grade="2 – Inadequate", agree=True)
    page.get_by_role("link", name="Check and finalise").click()
    b.check_page()
    expect(page.get_by_text("The final grade will be")).to_be_visible()
    page.get_by_role("button", name="Finalise the moderation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("management oversight case note")
    page.get_by_label("Management oversight case note").fill("Agreed Inadequate; plan reviewed")
    page.get_by_role("button", name="Finalise the moderation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("final grade is 2")

    # ... and disagrees with the other: the meeting and the learning first.
    second = Moderation.objects.get(audit=requires_improvement)
    moderate(b, second, grade="2 – Inadequate", agree=False)
    page.get_by_role("link", name="Check and finalise").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the meeting")
    b.check_page()
    page.get_by_role("link", name="Record the meeting with the auditor").click()
    b.fill_date("Date of the meeting", TODAY)
    page.get_by_label("Who attended").fill("The auditor and the moderator")
    page.get_by_label("3 – Requires improvement").check()
    page.get_by_label("strengths in their auditing practice").fill("A thorough read")
    page.get_by_label("areas to develop in their auditing practice").fill("Weigh the impact")
    b.check_page()
    page.get_by_role("button", name="Save the meeting").click()
    page.get_by_role("link", name="Check and finalise").click()
    page.get_by_label("Management oversight case note").fill("Agreed a 3 after the meeting")
    page.get_by_role("button", name="Finalise the moderation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("final grade is 3")
    b.check_page()
    sign_out(b)

    # The auditor reads the learning recorded for them.
    b.sign_in("team.manager")
    expect(page.get_by_text("learning recorded for you")).to_be_visible()
    b.visit(second.get_absolute_url())
    expect(page.get_by_text("Weigh the impact")).to_be_visible()

    assert Audit.objects.get(pk=requires_improvement.pk).final_grade == 3
    assert Audit.objects.get(pk=inadequate.pk).final_grade == 2
    assert set(Moderation.objects.values_list("status", flat=True)) >= {ModerationStatus.FINALISED}
    completes = Notification.objects.filter(template="moderation-complete")
    assert completes.count() == len(set(completes.values_list("dedupe_key", flat=True)))
    assert timezone.localdate() == TODAY
