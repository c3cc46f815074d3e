"""After a moderation, who is asked to act within 24 hours, on what, and what escalates.

The framework (Fig. 1.4): "If the case remains inadequate or there are outstanding actions,
moderator will email worker, team manager, and service manager to ensure tasks are actioned within
24 hours". Outstanding: the audit's actions the moderator found not completed and now past their
due date, or the immediate actions of a case that remains Inadequate; never an action not yet due,
never the moderator's own additional actions (they carry their own timescales).
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from audits import services as audit_services
from audits.models import Action
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import RoleCode
from moderation import services
from moderation.demo import complete_audit
from moderation.models import Agreement, Sample
from tests.factories import UserFactory

COMPLETED = datetime.datetime(2026, 9, 1, 10, 0, tzinfo=datetime.UTC)


def _emails(template: str) -> set[str]:
    return set(
        Notification.objects.filter(template=template).values_list("recipient__username", flat=True)
    )


def _listed(template: str) -> str:
    """The text body of the first email of this template (each lists the same actions)."""
    return Notification.objects.filter(template=template).first().body_text


def moderate(org, audit, *, grade: int, reviews: dict, extra_action_days: int = 7):
    """PSQA add the audit to this month's sample and allocate it to Mo, who scores every area,
    reviews the audit's actions as `reviews` says ({action: "yes" | "partly" | "no"}), adds an
    action of their own due in `extra_action_days`, agrees with the grade and finalises."""
    today = timezone.localdate()
    sample, _ = Sample.objects.get_or_create(
        month=today.replace(day=1), defaults={"seed": 1, "share_percent": 10}
    )
    moderation = services.moderation_add(
        actor=org.pat, sample=sample, audit=audit, reason="Chosen by hand for the test"
    )
    moderation = services.moderation_allocate(
        actor=org.pat, moderation=moderation, moderator=org.mo,
        return_date=today + datetime.timedelta(days=20),
    )  # fmt: skip
    for area in range(1, 20):
        services.moderation_score_save(
            actor=org.mo, moderation=moderation, area=area, data={"score": 5}, version=None
        )
    services.moderation_comments_save(
        actor=org.mo, moderation=moderation,
        data={"good_practice": "Clear analysis", "areas_for_development": "Evidence"},
        version=None,
    )  # fmt: skip
    services.action_reviews_save(
        actor=org.mo, moderation=moderation,
        reviews={action.pk: (done, "As found on the file") for action, done in reviews.items()},
    )  # fmt: skip
    services.moderation_action_add(
        actor=org.mo, moderation=moderation,
        data={"what": "Moderator's own: a family network meeting", "owner_name": "Team manager",
              "due_date": today + datetime.timedelta(days=extra_action_days)},
    )  # fmt: skip
    services.moderation_grade_save(
        actor=org.mo, moderation=moderation,
        data={"grade": grade, "outstanding": False, "agreement": Agreement.AGREE}, version=None,
    )  # fmt: skip
    return services.moderation_finalise(
        actor=org.mo, moderation=moderation, case_note="Agreed; on file"
    )


@pytest.fixture
def good_audit(org):
    """Dan's audit, graded Good by Tom and completed on 1 September, with two actions due in 20
    and 28 days."""
    with time_machine.travel(COMPLETED, tick=False):
        audit = complete_audit(child=org.dan, auditor=org.tom, support=org.bella, grade=6)
    first = audit.actions.get()
    Action.objects.filter(pk=first.pk).update(due_date=datetime.date(2026, 9, 21))
    second = Action.objects.create(
        audit=audit, what="Share the practice at the staff conference", owner=org.tariq,
        due_date=datetime.date(2026, 9, 29), created_by=org.tom,
    )  # fmt: skip
    return audit, first, second


def test_a_good_audit_moderated_in_agreement_with_actions_not_yet_due_raises_no_alarm(
    org, good_audit
):
    audit, first, second = good_audit
    with time_machine.travel(COMPLETED + datetime.timedelta(days=1), tick=False):
        # Neither is done yet, and neither is due: nothing is outstanding.
        moderation = moderate(org, audit, grade=6, reviews={first: "no", second: "no"})
    assert list(moderation.outstanding_actions()) == []
    assert _emails("moderation-complete") == {"priya", "tariq"}
    assert _emails("moderation-action-needed") == set()
    for later in (datetime.timedelta(hours=25), datetime.timedelta(days=40)):
        with time_machine.travel(moderation.finalised_at + later, tick=False):
            services.moderation_reminders_queue()
    assert _emails("moderation-escalation") == set()


def test_a_case_that_remains_inadequate_is_asked_to_act_on_the_action_past_due_only(org):
    UserFactory(username="phos", roles=[RoleCode.PSQA, RoleCode.HEAD_OF_SERVICE])
    with time_machine.travel(COMPLETED, tick=False):
        audit = complete_audit(child=org.amy, auditor=org.tariq, support=org.bella, grade=2)
    immediate = audit.actions.get(immediate=True)
    observation = audit.actions.get(practice_observation=True)  # due 11 September
    not_yet_due = Action.objects.create(
        audit=audit, what="Chronology brought up to date", owner=org.alice,
        due_date=datetime.date(2026, 12, 1), created_by=org.tariq,
    )  # fmt: skip
    finalised_at = COMPLETED + datetime.timedelta(days=30)
    with time_machine.travel(finalised_at - datetime.timedelta(days=1), tick=False):
        audit_services.action_mark_done(actor=org.alice, action=immediate)
    with time_machine.travel(finalised_at, tick=False):
        moderation = moderate(
            org, audit, grade=2,
            reviews={immediate: "yes", observation: "no", not_yet_due: "partly"},
        )  # fmt: skip
    assert list(moderation.outstanding_actions()) == [observation]
    assert _emails("moderation-action-needed") == {"alice", "stella", "tom", "sam"}
    asked = _listed("moderation-action-needed")
    assert "Practice observation of a home visit" in asked
    assert "Chronology brought up to date" not in asked  # not yet due
    assert "Moderator's own" not in asked  # the moderator's own timescale
    assert "Update the safety plan" not in asked  # done
    assert "by Friday 2 October 2026 11:00" in asked  # 24 hours after finalising
    # Inadequate: PSQA, their head of service among them, and the service manager are told.
    assert _emails("moderation-inadequate") == {"pat", "phos", "sam"}

    with time_machine.travel(finalised_at + datetime.timedelta(hours=23), tick=False):
        services.moderation_reminders_queue()
    assert _emails("moderation-escalation") == set()  # the 24 hours are not over
    with time_machine.travel(finalised_at + datetime.timedelta(hours=25), tick=False):
        services.moderation_reminders_queue()
        services.moderation_reminders_queue()  # once
    assert _emails("moderation-escalation") == {"tom", "sam", "pat", "phos"}
    assert Notification.objects.filter(template="moderation-escalation").count() == 4
    escalated = _listed("moderation-escalation")
    assert "Practice observation of a home visit" in escalated
    assert "Chronology brought up to date" not in escalated


def test_an_outstanding_action_done_within_the_24_hours_does_not_escalate(org, good_audit):
    audit, first, second = good_audit
    with time_machine.travel(COMPLETED + datetime.timedelta(days=25), tick=False):
        # 21 September has passed and the moderator found the first not done: outstanding.
        moderation = moderate(org, audit, grade=6, reviews={first: "no", second: "yes"})
    assert list(moderation.outstanding_actions()) == [first]
    assert _emails("moderation-action-needed") == {"priya", "tariq"}
    with time_machine.travel(moderation.finalised_at + datetime.timedelta(hours=3), tick=False):
        audit_services.action_mark_done(actor=org.priya, action=first)
    with time_machine.travel(moderation.finalised_at + datetime.timedelta(hours=25), tick=False):
        services.moderation_reminders_queue()
    assert _emails("moderation-escalation") == set()


def test_an_amendment_to_inadequate_later_does_not_escalate_what_was_never_asked(org):
    """Found by a review: a Requires-improvement audit moderated in agreement, amended by PSQA to
    Inadequate ten days later, escalated its immediate action at once, with no one ever asked to
    act. The moderation asks for what it finalised; an amendment corrects the grade."""
    with time_machine.travel(COMPLETED, tick=False):
        audit = complete_audit(child=org.dan, auditor=org.tom, support=org.bella, grade=4)
    (action,) = audit.actions.all()
    assert action.immediate  # needed to reach Good, due in 14 days
    with time_machine.travel(COMPLETED + datetime.timedelta(days=1), tick=False):
        moderation = moderate(org, audit, grade=4, reviews={action: "no"})
    assert not moderation.remained_inadequate and list(moderation.outstanding_actions()) == []
    later = moderation.finalised_at + datetime.timedelta(days=10)
    with time_machine.travel(later, tick=False):
        services.moderation_amend(
            actor=org.pat, moderation=moderation, grade=2, outstanding=False,
            reason="The moderator's grade was recorded wrongly",
        )  # fmt: skip
        services.moderation_reminders_queue()
    assert _emails("moderation-escalation") == set()
