"""The workflow table: statuses, their tags, transitions, events."""

import pytest
from django.utils import timezone

from audits import services
from audits.models import Audit

from ..helpers import ANSWERS

TODAY = timezone.localdate()


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
