"""Step 6: actions, what and who and when; marking them done."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Action
from audits.workflow import EventCode

from ..helpers import action, date_data

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


def test_the_owner_the_auditor_or_the_team_manager_marks_an_action_done(org, audit):
    mine = action(org, audit, owner=org.alice)
    theirs = action(org, audit, owner=org.stella)
    for outsider in (org.sam, org.priya, org.pat):  # may read it, or not; may not mark it done
        with pytest.raises(PermissionDenied):
            services.action_mark_done(actor=outsider, action=mine)
    services.action_mark_done(actor=org.alice, action=mine)
    services.action_mark_done(actor=org.tom, action=theirs)  # reviewed in supervision
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.completed_by) == ("done", org.alice)
    assert (theirs.status, theirs.completed_by) == ("done", org.tom)


def test_the_practice_observation_has_its_own_button_and_the_normal_form_stays_empty(
    org, graded, client_for
):
    audit = graded(1)
    client = client_for(org.tariq)
    page = client.get(reverse("audits:actions", args=[audit.pk])).content.decode()
    observation_url = reverse("audits:action-add-observation", args=[audit.pk])
    assert f'href="{observation_url}">Add the practice observation</a>' in page
    proposed = client.get(observation_url).context["form"].initial
    assert proposed["practice_observation"] is True and "practice observation" in proposed["what"]
    plain = client.get(reverse("audits:action-add", args=[audit.pk])).context["form"]
    assert plain.initial == {}
    assert 'name="immediate"' in plain.as_div() and "checked" not in str(plain["immediate"])


def test_action_done_rejects_get(org, audit, client_for):
    mine = action(org, audit)
    assert (
        client_for(org.alice).get(reverse("audits:action-done", args=[mine.pk])).status_code == 405
    )


def test_an_action_can_be_changed_or_removed_before_completion(org, audit, client_for):
    mine = action(org, audit)
    client = client_for(org.tariq)
    data = {"what": "Changed", "owner": org.alice.pk, **date_data("due_date", TODAY)}
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


def test_an_inadequate_audits_action_form_says_when_an_immediate_action_is_due(
    org, graded, client_for
):
    audit = graded(2)
    client = client_for(org.tariq)
    due = timezone.localdate(timezone.now() + datetime.timedelta(hours=24))
    page = client.get(reverse("audits:action-add", args=[audit.pk])).content.decode()
    assert f"due within 24 hours of the outcome: by {due:%A %-d %B %Y}" in page
    response = client.post(
        reverse("audits:action-add", args=[audit.pk]),
        {"what": "Safety plan", "owner": org.tom.pk, "immediate": "on"},
        follow=True,
    )
    assert f"It is immediate: due by {due:%A %-d %B %Y}" in response.content.decode()
    assert audit.actions.get().due_date == due


def test_a_requires_improvement_audits_immediate_action_keeps_its_typed_date(
    org, graded, client_for
):
    audit = graded(4)
    in_ten_days = timezone.localdate() + datetime.timedelta(days=10)
    client = client_for(org.tariq)
    missing = client.post(
        reverse("audits:action-add", args=[audit.pk]),
        {"what": "Update the plan", "owner": org.tom.pk, "immediate": "on"},
    )
    assert b"Enter when the action is due" in missing.content
    client.post(
        reverse("audits:action-add", args=[audit.pk]),
        {"what": "Update the plan", "owner": org.tom.pk, "immediate": "on",
         **date_data("due_date", in_ten_days)},
    )  # fmt: skip
    assert audit.actions.get().due_date == in_ten_days


def test_changing_an_action_is_recorded_as_a_change(org, audit):
    mine = action(org, audit)
    services.action_save(actor=org.tariq, audit=audit, action=mine, data={"what": "Changed"})
    assert list(audit.events.values_list("code", flat=True))[-2:] == [
        EventCode.ACTION_RECORDED,
        EventCode.ACTION_CHANGED,
    ]
