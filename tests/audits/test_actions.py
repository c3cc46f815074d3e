"""Step 6: actions, what and who and when; marking them done."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Action
from audits.workflow import EventCode

from ..helpers import action

TODAY = timezone.localdate()


def test_an_action_needs_one_owner_a_user_or_a_named_person(org, audit):
    with pytest.raises(ValidationError, match="Choose who owns the action"):
        action(org, audit, owner=None)
    with pytest.raises(ValidationError, match="Choose who owns the action"):
        action(org, audit, owner_name="School nurse")
    named = action(org, audit, owner=None, owner_name="School nurse")
    assert named.owner_display == "School nurse"


def test_only_the_auditor_records_actions_and_only_before_completion(org, ready):
    with pytest.raises(PermissionDenied):
        services.action_save(
            actor=org.tom, audit=ready, data={"what": "x", "owner": org.tom, "due_date": TODAY}
        )
    services.audit_complete(actor=org.tariq, audit=ready)
    with pytest.raises(PermissionDenied):
        action(org, ready)


def test_the_owner_or_the_auditor_marks_an_action_done(org, audit):
    mine = action(org, audit, owner=org.alice)
    with pytest.raises(PermissionDenied):
        services.action_mark_done(actor=org.tom, action=mine)
    services.action_mark_done(actor=org.alice, action=mine)
    mine.refresh_from_db()
    assert (mine.status, mine.completed_by) == ("done", org.alice)


def test_a_practice_observation_is_proposed_when_inadequate(org, graded, client_for):
    audit = graded(1)
    page = client_for(org.tariq).get(reverse("audits:action-add", args=[audit.pk]))
    assert page.context["form"].initial["practice_observation"] is True
    assert "practice observation" in page.context["form"].initial["what"]


def test_action_done_rejects_get(org, audit, client_for):
    mine = action(org, audit)
    assert (
        client_for(org.alice).get(reverse("audits:action-done", args=[mine.pk])).status_code == 405
    )


def test_an_action_can_be_changed_or_removed_before_completion(org, audit, client_for):
    mine = action(org, audit)
    client = client_for(org.tariq)
    data = {"what": "Changed", "owner": org.alice.pk, "due_date": TODAY.isoformat()}
    assert (
        client.post(reverse("audits:action-edit", args=[audit.pk, mine.pk]), data).status_code
        == 302
    )
    assert Action.objects.get(pk=mine.pk).what == "Changed"
    both = client.post(
        reverse("audits:action-add", args=[audit.pk]), {**data, "owner_name": "Nurse"}
    )
    assert b"Choose a person in the system, or name someone who is not" in both.content
    client.post(reverse("audits:action-remove", args=[audit.pk, mine.pk]))
    assert not Action.objects.filter(pk=mine.pk).exists()
    assert audit.events.filter(code=EventCode.ACTION_REMOVED).exists()
