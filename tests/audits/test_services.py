import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits import services
from audits.models import AreaScore, Audit, AuditKind, AuditStatus, grade_band
from audits.practice_areas import AREA_COUNT
from bexley_qa.people.models import PlanType, RoleCode, UserRole

from ..factories import ChildFactory, UserFactory

TODAY = timezone.localdate()


# Allocation -------------------------------------------------------------------------------------


def test_allocation_snapshots_who_holds_the_case(org):
    audit = services.audit_allocate(
        actor=org.bella, child=org.amy, auditor=org.tariq, kind=AuditKind.THEMATIC, theme="Neglect"
    )
    assert (audit.practitioner, audit.manager, audit.team, audit.staying_together_worker) == (
        org.alice, org.tom, org.team_a, org.stella
    )  # fmt: skip
    assert audit.status == AuditStatus.ALLOCATED
    assert (audit.date_of_birth, audit.referral_date) == (
        org.amy.date_of_birth,
        org.amy.referral_date,
    )
    assert list(audit.events.values_list("action", "to_status")) == [("Allocated", "allocated")]


def test_a_later_team_move_does_not_rewrite_the_audit(org, audit):
    org.amy.team = org.team_b
    org.amy.allocated_worker = org.priya
    org.amy.save()
    audit.refresh_from_db()
    assert (audit.team, audit.practitioner) == (org.team_a, org.alice)


def test_allocation_emails_the_auditor_and_the_case_holders_through_the_outbox(org, send_outbox):
    services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)
    by_recipient = {m.to[0]: m for m in send_outbox()}
    assert set(by_recipient) == {u.email for u in (org.tariq, org.alice, org.stella, org.tom)}
    auditor_mail = by_recipient[org.tariq.email]
    assert (
        auditor_mail.subject
        == "Case 1000001 has been allocated to you for a collaborative case audit"
    )
    assert "Amy" not in auditor_mail.subject
    assert "Agree a meeting date" in auditor_mail.body
    assert "/audits/" in auditor_mail.body
    assert auditor_mail.alternatives  # an HTML part too
    holder = by_recipient[org.alice.email]
    assert holder.subject == f"Case 1000001 will be audited by {org.tariq}"
    assert "complete your self-assessment" in holder.body
    assert "complete your self-assessment" not in by_recipient[org.tom.email].body


def test_a_rolled_back_allocation_sends_nothing(org, send_outbox):
    with pytest.raises(ValidationError):
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tom)
    assert send_outbox() == []
    assert not Audit.objects.exists()


@pytest.mark.parametrize("person", ["alice", "tom", "tariq", "dee", "mo"])
def test_only_business_support_and_psqa_allocate(org, person):
    with pytest.raises(PermissionDenied):
        services.audit_allocate(actor=getattr(org, person), child=org.amy, auditor=org.tariq)
    assert not Audit.objects.exists()


def test_psqa_can_allocate(org):
    assert services.audit_allocate(actor=org.pat, child=org.amy, auditor=org.tariq).pk


def test_the_auditor_must_not_be_from_the_childs_team(org):
    with pytest.raises(ValidationError) as error:
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tom)
    assert error.value.message_dict["auditor"] == [
        f"{org.tom} is in Assessment, the child's own team: choose an auditor from another team"
    ]


def test_a_team_member_who_is_a_manager_elsewhere_still_may_not_audit_their_own_team(org):
    UserRole.objects.create(user=org.colleague, role=RoleCode.TEAM_MANAGER)
    with pytest.raises(ValidationError, match="the child's own team"):
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.colleague)


def test_the_auditor_must_be_a_manager(org):
    with pytest.raises(ValidationError) as error:
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.priya)
    assert "only a team manager or a more senior manager" in error.value.message_dict["auditor"][0]


def test_senior_managers_may_audit(org):
    assert (
        services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam).auditor == org.sam
    )
    assert (
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee).auditor == org.dee
    )


def test_a_second_open_audit_of_the_same_child_is_refused(org, audit):
    with pytest.raises(ValidationError) as error:
        services.audit_allocate(
            actor=org.bella, child=org.amy, auditor=org.dee, confirm_recent=True
        )
    assert "already has an audit in progress" in error.value.message_dict["child"][0]
    assert Audit.objects.count() == 1


def test_closed_cases_cannot_be_audited(org):
    org.amy.is_open = False
    org.amy.save()
    with pytest.raises(ValidationError, match="closed"):
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)


def test_a_child_audited_in_the_last_12_months_needs_confirmation(org, audit):
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.COMPLETED)
    with pytest.raises(services.RecentAuditWarning) as warning:
        services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee)
    assert warning.value.previous.pk == audit.pk
    assert "Confirm that it should be audited again" in str(warning.value)
    assert Audit.objects.count() == 1
    again = services.audit_allocate(
        actor=org.bella, child=org.amy, auditor=org.dee, confirm_recent=True
    )
    assert again.auditor == org.dee


def test_a_cancelled_audit_does_not_count_as_audited(org, audit):
    services.audit_cancel(actor=org.bella, audit=audit, reason="Worker on leave")
    assert services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)


def test_an_audit_over_12_months_ago_needs_no_confirmation(org):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        old = services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)
    Audit.objects.filter(pk=old.pk).update(status=AuditStatus.COMPLETED)
    assert services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee)


def test_a_meeting_date_in_the_past_is_refused(org):
    with pytest.raises(ValidationError, match="today or in the future"):
        services.audit_allocate(
            actor=org.bella,
            child=org.amy,
            auditor=org.tariq,
            meeting_date=TODAY - datetime.timedelta(days=1),
        )


# Meeting and cancelling ---------------------------------------------------------------------------


def test_the_auditor_books_the_meeting_and_the_practitioners_are_asked_to_self_assess(
    org, audit, send_outbox
):
    day = TODAY + datetime.timedelta(days=7)
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=day)
    requests = [m for m in send_outbox() if m.subject.startswith("Complete your self-assessment")]
    audit.refresh_from_db()
    assert (audit.status, audit.meeting_date) == (AuditStatus.MEETING_BOOKED, day)
    assert sorted(m.to[0] for m in requests) == sorted([org.alice.email, org.stella.email])
    assert requests[0].subject.startswith("Complete your self-assessment for case 1000001 before")


@pytest.mark.parametrize("person", ["bella", "alice", "tom", "pat"])
def test_only_the_auditor_books_the_meeting(org, audit, person):
    with pytest.raises(PermissionDenied):
        services.audit_book_meeting(
            actor=getattr(org, person), audit=audit, meeting_date=TODAY + datetime.timedelta(days=3)
        )


@pytest.mark.parametrize("person", ["bella", "pat", "tariq"])
def test_business_support_psqa_and_the_auditor_cancel_with_a_reason(org, audit, person):
    services.audit_cancel(actor=getattr(org, person), audit=audit, reason="Case closed")
    audit.refresh_from_db()
    assert (audit.status, audit.cancelled_reason) == (AuditStatus.CANCELLED, "Case closed")
    assert audit.events.last().action == "Cancelled"


def test_cancelling_needs_a_reason_and_the_right_person(org, audit):
    with pytest.raises(ValidationError):
        services.audit_cancel(actor=org.bella, audit=audit, reason="  ")
    with pytest.raises(PermissionDenied):
        services.audit_cancel(actor=org.alice, audit=audit, reason="No")
    services.audit_cancel(actor=org.bella, audit=audit, reason="Closed")
    with pytest.raises(PermissionDenied):  # a cancelled audit cannot be cancelled again
        services.audit_cancel(actor=org.bella, audit=audit, reason="Again")


# Self-assessment ----------------------------------------------------------------------------------

ANSWERS = {
    "difference_score": 6,
    "difference_worked_well": "Regular visits",
    "difference_to_move_up": "Involve dad",
    "signs_of_safety_score": 7,
    "signs_of_safety_worked_well": "Words and pictures",
    "signs_of_safety_to_move_up": "Family network meeting",
}


def test_a_self_assessment_saves_as_a_draft_then_submits_read_only(org, audit):
    draft = services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_score": 6}, version=None
    )
    assert draft.submitted_at is None
    draft = services.self_assessment_save(
        actor=org.alice, audit=audit, data=ANSWERS, version=draft.version
    )
    services.self_assessment_submit(actor=org.alice, audit=audit)
    with pytest.raises(ValidationError, match="already submitted"):
        services.self_assessment_save(
            actor=org.alice, audit=audit, data={"difference_score": 1}, version=None
        )


def test_submitting_an_incomplete_self_assessment_lists_what_is_missing(org, audit):
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_score": 6}, version=None
    )
    with pytest.raises(ValidationError) as error:
        services.self_assessment_submit(actor=org.alice, audit=audit)
    assert set(error.value.message_dict) == set(ANSWERS) - {"difference_score"}


def test_the_st_worker_self_assesses_separately(org, audit):
    services.self_assessment_save(actor=org.stella, audit=audit, data=ANSWERS, version=None)
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={**ANSWERS, "difference_score": 2}, version=None
    )
    assert sorted(audit.self_assessments.values_list("author__username", "difference_score")) == [
        ("alice", 2), ("stella", 6)
    ]  # fmt: skip


@pytest.mark.parametrize("person", ["tariq", "tom", "colleague", "pat"])
def test_only_the_case_holders_self_assess(org, audit, person):
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(
            actor=getattr(org, person), audit=audit, data=ANSWERS, version=None
        )


def test_the_auditor_may_waive_a_missing_self_assessment_with_a_reason(org, audit):
    with pytest.raises(ValidationError):
        services.self_assessment_waive(actor=org.tariq, audit=audit, author=org.stella, reason="")
    with pytest.raises(PermissionDenied):
        services.self_assessment_waive(
            actor=org.bella, audit=audit, author=org.stella, reason="Leave"
        )
    waived = services.self_assessment_waive(
        actor=org.tariq, audit=audit, author=org.stella, reason="On leave"
    )
    assert waived.is_waived
    with pytest.raises(ValidationError, match="waived"):
        services.self_assessment_save(actor=org.stella, audit=audit, data=ANSWERS, version=None)


# The audit form and grading ---------------------------------------------------------------------


def test_an_area_saves_and_its_version_moves_on(org, audit):
    first = services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "Clear"}, version=0
    )
    assert first.version == 1
    second = services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"score": 7}, version=1
    )
    assert (second.version, second.worked_well, second.score) == (2, "Clear", 7)


def test_a_stale_version_is_refused_and_the_first_value_survives(org, audit):
    services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "First"}, version=0
    )
    with pytest.raises(services.StaleVersion) as stale:
        services.area_score_save(
            actor=org.tariq, audit=audit, area=6, data={"worked_well": "Second"}, version=0
        )
    assert stale.value.current.worked_well == "First"
    assert AreaScore.objects.get(audit=audit, area=6).worked_well == "First"


def test_a_score_outside_0_to_10_is_refused(org, audit):
    with pytest.raises(ValidationError):
        services.area_score_save(
            actor=org.tariq, audit=audit, area=6, data={"score": 11}, version=0
        )
    assert not AreaScore.objects.exists()


@pytest.mark.parametrize("person", ["alice", "tom", "bella", "pat", "dee"])
def test_only_the_auditor_edits_the_form(org, audit, person):
    with pytest.raises(PermissionDenied):
        services.area_score_save(
            actor=getattr(org, person), audit=audit, area=1, data={"score": 3}, version=0
        )


def test_grading_needs_all_19_areas_scored(org, audit):
    services.area_score_save(actor=org.tariq, audit=audit, area=1, data={"score": 3}, version=0)
    with pytest.raises(
        ValidationError, match=f"Score all {AREA_COUNT} practice areas first: 1 are scored"
    ):
        services.audit_grade(
            actor=org.tariq, audit=audit, grade=4, outstanding=False, impact_summary="x"
        )


def test_grading_sets_the_grade_band_and_final_grade(org, fully_scored):
    audit = services.audit_grade(
        actor=org.tariq,
        audit=fully_scored,
        grade=2,
        outstanding=False,
        impact_summary="Little change yet",
    )
    assert (audit.status, audit.grade, audit.final_grade, audit.band.label) == (
        AuditStatus.GRADED, 2, 2, "Inadequate"
    )  # fmt: skip
    assert audit.events.last().note == "2: Inadequate"


def test_outstanding_only_on_a_6(org, fully_scored):
    with pytest.raises(ValidationError, match="only be recorded on a grade of 6"):
        services.audit_grade(
            actor=org.tariq, audit=fully_scored, grade=5, outstanding=True, impact_summary="x"
        )
    audit = services.audit_grade(
        actor=org.tariq, audit=fully_scored, grade=6, outstanding=True, impact_summary="x"
    )
    assert audit.band.label == "Outstanding"


def test_grading_needs_the_impact_summary(org, fully_scored):
    with pytest.raises(ValidationError) as error:
        services.audit_grade(
            actor=org.tariq, audit=fully_scored, grade=4, outstanding=False, impact_summary=" "
        )
    assert "impact_summary" in error.value.message_dict


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (0, "Inadequate"),
        (2, "Inadequate"),
        (3, "Requires improvement"),
        (5, "Requires improvement"),
        (6, "Good"),
    ],
)
def test_grade_bands(grade, band):
    assert grade_band(grade).label == band


def test_no_edits_once_cancelled(org, audit):
    services.audit_cancel(actor=org.bella, audit=audit, reason="Closed")
    with pytest.raises(PermissionDenied):
        services.area_score_save(actor=org.tariq, audit=audit, area=1, data={"score": 3}, version=0)


def test_every_transition_is_in_the_history(org, fully_scored):
    audit = fully_scored
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TODAY)
    services.self_assessment_save(actor=org.alice, audit=audit, data=ANSWERS, version=None)
    services.self_assessment_submit(actor=org.alice, audit=audit)
    services.self_assessment_waive(actor=org.tariq, audit=audit, author=org.stella, reason="Leave")
    services.audit_grade(
        actor=org.tariq, audit=audit, grade=4, outstanding=False, impact_summary="Better"
    )
    assert list(audit.events.values_list("action", flat=True)) == [
        "Allocated", "Meeting booked", "Self-assessment submitted", "Self-assessment waived", "Graded"
    ]  # fmt: skip


def test_the_database_refuses_two_open_audits_of_one_child(org, audit):
    from django.db import IntegrityError

    clone = Audit.objects.get(pk=audit.pk)
    clone.pk = None
    with pytest.raises(IntegrityError):
        clone.save()


def test_factory_child_for_other_tests_is_unaffected(org):
    child = ChildFactory(
        team=org.team_b, allocated_worker=org.priya, plan_type=PlanType.CHILD_PROTECTION
    )
    assert services.open_audit_of(child) is None
    assert UserFactory()


def test_a_stale_save_that_changes_nothing_is_a_repeat_not_a_conflict(org, audit):
    # Autosave and the submit button may both send the same answers with the same version.
    services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "Same", "score": 4}, version=0
    )
    repeat = services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "Same", "score": 4}, version=0
    )
    assert repeat.worked_well == "Same"
    with pytest.raises(services.StaleVersion):
        services.area_score_save(
            actor=org.tariq,
            audit=audit,
            area=6,
            data={"worked_well": "Same", "score": 5},
            version=0,
        )
