"""The workflow table (audits/workflow.py): statuses and their tags, the status groups, the
transitions and the events they record. An audit in each status shows its own tag."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from audits import services, workflow
from audits.models import Audit
from audits.workflow import TAGS, AuditStatus, EventCode

from ..helpers import ANSWERS

TODAY = timezone.localdate()


@pytest.fixture
def audit_in(org, audit, request):
    """An audit taken to the given status through the services, as its users would."""

    def build(status: AuditStatus) -> Audit:
        if status == AuditStatus.ALLOCATED:
            return audit
        if status == AuditStatus.CANCELLED:
            return services.audit_cancel(actor=org.bella, audit=audit, reason="Case closed")
        if status == AuditStatus.MEETING_BOOKED:
            return services.audit_book_meeting(
                actor=org.tariq, audit=audit, meeting_date=TODAY + datetime.timedelta(days=3)
            )
        ready = request.getfixturevalue("ready")  # graded, every completion rule met
        if status == AuditStatus.GRADED:
            return ready
        completed = services.audit_complete(actor=org.tariq, audit=ready)
        if status == AuditStatus.COMPLETED:
            return completed
        services.follow_up_record(
            actor=org.tariq,
            audit=completed,
            progress={a.pk: ("done", "") for a in completed.actions.all()},
            action_taken="Plan shared",
            case_note="Followed up with Tom",
        )
        return Audit.objects.get(pk=completed.pk)

    return build


@pytest.mark.parametrize("status", list(AuditStatus))
def test_an_audit_in_each_status_shows_its_own_tag_on_its_page_and_in_the_list(
    org, audit_in, client_for, status
):
    audit = audit_in(status)
    assert audit.status == status
    tag = (
        f'<strong class="govuk-tag govuk-tag--{TAGS[status].colour} app-tag--nowrap">'
        f"{status.label}</strong>"
    )
    client = client_for(org.pat)
    assert tag in client.get(audit.get_absolute_url()).content.decode()
    assert tag in client.get(reverse("audits:allocations")).content.decode()


def test_every_status_has_a_tag_colour_of_its_own():
    assert set(TAGS) == set(AuditStatus)
    assert len({tag.colour for tag in TAGS.values()}) == len(AuditStatus)


def test_a_graded_audit_shows_its_band_beside_its_status(org, graded, client_for):
    audit = graded(2)
    page = client_for(org.tariq).get(audit.get_absolute_url()).content.decode()
    assert 'govuk-tag--red app-tag--nowrap">2: Inadequate</strong>' in page


def test_the_transitions_table_connects_the_statuses():
    reachable = {AuditStatus.ALLOCATED, AuditStatus.MEETING_BOOKED}  # allocation starts here
    for transition in workflow.TRANSITIONS:
        assert transition.sources and transition.target not in (None, "")
        reachable.add(transition.target)
    assert reachable == set(AuditStatus)
    # Nothing leaves a cancelled or followed-up audit.
    assert not any(
        status in t.sources
        for t in workflow.TRANSITIONS
        for status in (AuditStatus.CANCELLED, AuditStatus.FOLLOWED_UP)
    )


def test_move_refuses_a_transition_from_the_wrong_status_and_changes_nothing(org, audit):
    with pytest.raises(ValidationError, match="Only a graded audit can be completed"):
        workflow.move(workflow.lock(audit), workflow.COMPLETE, actor=org.tariq)
    audit.refresh_from_db()
    assert (audit.status, audit.version) == (AuditStatus.ALLOCATED, 1)
    assert list(audit.events.values_list("code", flat=True)) == [EventCode.ALLOCATED]


def test_move_sets_the_status_bumps_the_version_and_records_the_event(org, audit):
    moved = workflow.move(workflow.lock(audit), workflow.CANCEL, actor=org.bella, note="Closed")
    event = moved.events.last()
    assert (moved.status, moved.version) == (AuditStatus.CANCELLED, 2)
    assert (event.code, event.from_status, event.to_status, event.note, event.actor) == (
        EventCode.CANCELLED, AuditStatus.ALLOCATED, AuditStatus.CANCELLED, "Closed", org.bella
    )  # fmt: skip
    assert event.action == "Cancelled"  # the text beside the code, for people reading the rows


def test_every_transition_is_in_the_history(org, fully_scored):
    audit = fully_scored
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TODAY)
    services.self_assessment_save(actor=org.alice, audit=audit, data=ANSWERS, version=None)
    services.self_assessment_submit(actor=org.alice, audit=audit)
    services.self_assessment_waive(actor=org.tariq, audit=audit, author=org.stella, reason="Leave")
    services.audit_grade(
        actor=org.tariq, audit=audit, grade=4, outstanding=False, impact_summary="Better"
    )
    assert list(audit.events.values_list("code", flat=True)) == [
        EventCode.ALLOCATED,
        EventCode.MEETING_BOOKED,
        EventCode.SELF_ASSESSMENT_SUBMITTED,
        EventCode.SELF_ASSESSMENT_WAIVED,
        EventCode.GRADED,
    ]
    with pytest.raises(PermissionDenied):  # the meeting cannot move once the audit is graded
        services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TODAY)
    assert audit.events.count() == 5


def test_moving_the_meeting_is_its_own_event(org, audit):
    for days in (3, 5):
        services.audit_book_meeting(
            actor=org.tariq, audit=audit, meeting_date=TODAY + datetime.timedelta(days=days)
        )
    assert list(audit.events.values_list("code", flat=True)) == [
        EventCode.ALLOCATED,
        EventCode.MEETING_BOOKED,
        EventCode.MEETING_MOVED,
    ]


def test_the_database_refuses_two_open_audits_of_one_child(org, audit):
    clone = Audit.objects.get(pk=audit.pk)
    clone.pk = None
    with pytest.raises(IntegrityError):
        clone.save()
