"""The rules in audits/access.py: who may do what to an audit, at which step.

The audit is of Amy's case (Alice's; Stella is the Staying Together worker; Tom's team, Sam's and
Hana's service), audited by Tariq and allocated by Bella. Only Tariq changes the form; Bella and
Pat (PSQA) may cancel it; Alice and Stella self-assess before it is graded.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from audits import access, services
from audits.models import Audit

from ..helpers import action

EVERYONE = ["alice", "stella", "tom", "sam", "hana", "tariq", "priya", "dee", "pat", "bella", "mo"]


def allowed(org, rule, *args) -> list[str]:
    return [name for name in EVERYONE if rule(getattr(org, name), *args)]


def test_while_allocated(org, audit):
    assert allowed(org, access.can_edit_audit, audit) == ["tariq"]
    assert allowed(org, access.can_book_meeting, audit) == ["tariq"]
    assert allowed(org, access.can_grade, audit) == ["tariq"]
    assert allowed(org, access.can_record_feedback_and_actions, audit) == ["tariq"]
    assert allowed(org, access.can_complete, audit) == []  # not graded yet
    assert allowed(org, access.can_record_follow_up, audit) == []
    assert allowed(org, access.can_self_assess, audit) == ["alice", "stella"]
    assert allowed(org, access.can_cancel_audit, audit) == ["tariq", "pat", "bella"]


def test_once_graded(org, found_inadequate):
    audit = found_inadequate
    assert allowed(org, access.can_book_meeting, audit) == []
    assert allowed(org, access.can_self_assess, audit) == []
    assert allowed(org, access.is_self_assessor, audit) == ["alice", "stella"]
    assert allowed(org, access.can_grade, audit) == ["tariq"]  # it may change until completed
    assert allowed(org, access.can_send_outcome, audit) == ["tariq"]
    assert allowed(org, access.can_complete, audit) == ["tariq"]


def test_once_the_inadequate_outcome_is_sent(org, ready):
    assert allowed(org, access.can_grade, ready) == []  # people were told this grade
    assert allowed(org, access.can_send_outcome, ready) == []
    assert allowed(org, access.can_record_feedback_and_actions, ready) == ["tariq"]


def test_once_completed(org, ready):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    for rule in (
        access.can_edit_audit,
        access.can_grade,
        access.can_record_feedback_and_actions,
        access.can_complete,
        access.can_cancel_audit,
    ):
        assert allowed(org, rule, audit) == [], rule.__name__
    assert allowed(org, access.can_record_follow_up, audit) == ["tariq"]
    immediate = audit.actions.get(immediate=True)  # Tom owns it
    assert allowed(org, access.can_mark_action_done, immediate) == ["tom", "tariq"]
    assert allowed(org, access.can_record_oversight_note, audit) == ["tom"]


def test_nothing_once_cancelled(org, audit):
    mine = action(org, audit, owner=org.alice)
    services.audit_cancel(actor=org.bella, audit=audit, reason="Closed")
    audit.refresh_from_db()
    mine.refresh_from_db()
    assert allowed(org, access.can_edit_audit, audit) == []
    assert allowed(org, access.can_cancel_audit, audit) == []
    assert allowed(org, access.can_mark_action_done, mine) == []


def test_a_switched_off_account_may_do_nothing(org, audit):
    org.tariq.is_active = False
    org.tariq.save()
    assert not access.can_edit_audit(org.tariq, audit)
    assert not access.audits_visible_to(org.tariq).exists()


def test_a_rule_refuses_with_its_own_sentence(org, audit):
    with pytest.raises(PermissionDenied, match="Only the auditor changes the audit"):
        access.can_edit_audit.require(org.alice, audit)


def test_readers_of_an_audit(org, audit):
    readers = [n for n in EVERYONE if access.audits_visible_to(getattr(org, n)).exists()]
    assert readers == ["alice", "stella", "tom", "sam", "hana", "tariq", "dee", "pat"]
    assert access.allocations_visible_to(org.bella).get() == audit  # the row, not the content


def test_an_app_above_audits_can_add_readers(org, audit, monkeypatch):
    # As moderation will: the moderator of an audit reads it.
    monkeypatch.setattr(access, "_extra_readers", [])
    assert not access.audits_visible_to(org.mo).exists()
    access.register_readers(lambda user: Q(pk=audit.pk) if user.username == "mo" else Q(pk=None))
    assert list(access.audits_visible_to(org.mo)) == [audit]
    assert not access.audits_visible_to(org.priya).exists()


def test_actions_visible_to_owners_and_readers(org, audit):
    mine = action(org, audit, owner=org.colleague)  # Colin cannot read the audit but owns this
    assert list(access.actions_visible_to(org.colleague)) == [mine]
    assert list(access.actions_visible_to(org.tom)) == [mine]
    assert not access.actions_visible_to(org.priya).exists()
    assert Audit.objects.count() == 1
