"""The audits app's panels on each role's home page."""

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Audit

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_home_pages_show_what_is_due(org, audit, client_for):
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TOMORROW)
    assert [
        a.pk for a in client_for(org.tariq).get(reverse("home")).context["audits_to_prepare"]
    ] == [audit.pk]
    alice_home = client_for(org.alice).get(reverse("home"))
    assert [a.pk for a in alice_home.context["self_assessments_due"]] == [audit.pk]
    assert reverse("audits:self-assessment", args=[audit.pk]).encode() in alice_home.content


def test_home_pages_show_follow_ups_actions_owned_and_open_escalations(org, ready, client_for):
    completed = timezone.now() - datetime.timedelta(days=20)
    with time_machine.travel(completed, tick=False):
        audit = services.audit_complete(actor=org.tariq, audit=ready)
    Audit.objects.filter(pk=audit.pk).update(outcome_sent_at=completed)
    tariq_home = client_for(org.tariq).get(reverse("home"))
    assert [f.audit_id for f in tariq_home.context["follow_ups"]] == [audit.pk]
    assert b"Overdue since" in tariq_home.content
    tom_home = client_for(org.tom).get(reverse("home"))
    assert {a.what for a in tom_home.context["actions_owned"]} == {
        "Safety plan with the network",
        "Practice observation",
    }
    assert [a.pk for a in tom_home.context["escalations"]] == [audit.pk]
    assert [a.pk for a in client_for(org.pat).get(reverse("home")).context["escalations"]] == [
        audit.pk
    ]
    assert client_for(org.tariq).get(reverse("home")).context["escalations"] == []  # not his team
    assert client_for(org.alice).get(reverse("home")).context["escalations"] == []
    immediate = audit.actions.get(immediate=True)
    response = client_for(org.tom).post(
        reverse("audits:action-done", args=[immediate.pk]), {"next": "/"}
    )
    assert response.url == "/"
    assert client_for(org.tom).get(reverse("home")).context["escalations"] == []
