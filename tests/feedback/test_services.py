"""Section 5: recording feedback from the family, the child and the network."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits import services
from audits.workflow import EventCode
from feedback import services as feedback_services
from feedback.models import FeedbackKind, StatementScore

TODAY = timezone.localdate()


def test_family_feedback_stores_the_nine_statements_comparably(org, audit):
    row = feedback_services.feedback_family_save(
        actor=org.tariq,
        audit=audit,
        data={"contact_date": TODAY, "role": "Father"},
        scores={n: 10 - n for n in range(1, 10)},
    )
    assert list(
        StatementScore.objects.filter(family_feedback=row).values_list("statement", "score")
    ) == [(n, 10 - n) for n in range(1, 10)]
    with pytest.raises(ValidationError, match="Answer each of the nine statements"):
        feedback_services.feedback_family_save(
            actor=org.tariq,
            audit=audit,
            data={"contact_date": TODAY, "role": "Aunt"},
            scores={1: 5},
        )


def test_feedback_recorded_replaces_a_reason_why_not(org, audit):
    feedback_services.feedback_not_obtained_record(
        actor=org.tariq, audit=audit, kind=FeedbackKind.CHILD, reason="Asleep"
    )
    feedback_services.feedback_child_save(
        actor=org.tariq, audit=audit, data={"contact_date": TODAY, "child_name": "Amy"}
    )
    assert not audit.feedback_not_obtained.exists()
    with pytest.raises(ValidationError, match="already recorded"):
        feedback_services.feedback_not_obtained_record(
            actor=org.tariq, audit=audit, kind="child", reason="x"
        )


def test_a_statement_not_answered_is_stored_as_such(org, audit):
    scores = dict.fromkeys(range(1, 10), 7) | {4: None}
    row = feedback_services.feedback_family_save(
        actor=org.tariq, audit=audit, data={"contact_date": TODAY, "role": "Mother"}, scores=scores
    )
    assert row.scores.get(statement=4).score is None
    assert sorted(s.score for s in row.scores.exclude(score=None)) == [7] * 8


def test_family_and_network_feedback_change_and_go_until_completion(org, ready):
    family = ready.family_feedback.get()
    feedback_services.feedback_family_save(
        actor=org.tariq,
        audit=ready,
        row=family,
        data={"role": "Mother and carer"},
        scores=dict.fromkeys(range(1, 10), 3),
    )
    family.refresh_from_db()
    assert family.role == "Mother and carer"
    assert set(family.scores.values_list("score", flat=True)) == {3}
    assert family.scores.count() == 9  # changed, not added to
    network = feedback_services.feedback_network_save(
        actor=org.tariq, audit=ready, data={"contact_date": TODAY, "name_and_role": "GP"}
    )
    feedback_services.feedback_remove(actor=org.tariq, audit=ready, row=network)
    assert not ready.network_feedback.exists()
    codes = list(ready.events.values_list("code", flat=True))
    assert codes[-3:] == [
        EventCode.FEEDBACK_CHANGED,
        EventCode.FEEDBACK_RECORDED,
        EventCode.FEEDBACK_REMOVED,
    ]
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    with pytest.raises(PermissionDenied):
        feedback_services.feedback_remove(actor=org.tariq, audit=audit, row=family)


def test_feedback_of_another_audit_cannot_be_changed_through_this_one(org, ready):
    other = services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    with pytest.raises(ValidationError, match="belongs to another audit"):
        feedback_services.feedback_remove(
            actor=org.sam, audit=other, row=ready.family_feedback.get()
        )


def test_a_reason_why_not_is_held_to_the_answer_limit(org, audit):
    with pytest.raises(ValidationError):
        feedback_services.feedback_not_obtained_record(
            actor=org.tariq, audit=audit, kind=FeedbackKind.CHILD, reason="x" * 2001
        )
    assert not audit.feedback_not_obtained.exists()
