"""Section 5: recording feedback from the family, the child and the network."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from feedback import services as feedback_services
from feedback.models import FeedbackKind, StatementScore

TODAY = timezone.localdate()


def test_family_feedback_stores_the_nine_statements_comparably(org, audit):
    row = feedback_services.feedback_family_add(
        actor=org.tariq,
        audit=audit,
        data={"contact_date": TODAY, "role": "Father"},
        scores={n: 10 - n for n in range(1, 10)},
    )
    assert list(
        StatementScore.objects.filter(family_feedback=row).values_list("statement", "score")
    ) == [(n, 10 - n) for n in range(1, 10)]
    with pytest.raises(ValidationError, match="Score all nine statements"):
        feedback_services.feedback_family_add(
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
