"""Section 5's pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ..helpers import date_data

TODAY = timezone.localdate()


def test_feedback_pages_work_for_the_auditor(org, audit, client_for):
    client = client_for(org.tariq)
    data = {**date_data("contact_date", TODAY), "role": "Grandmother", "going_well": "Contact"}
    data |= {f"statement_{n}": 7 for n in range(1, 10)}
    assert client.post(reverse("feedback:family", args=[audit.pk]), data).status_code == 302
    missing = client.post(reverse("feedback:family", args=[audit.pk]), {"role": "Uncle"})
    assert b"Select a score from 0 (strongly disagree) to 10 (strongly agree)" in missing.content
    assert b"Enter the date of contact" in missing.content
    net = {**date_data("contact_date", TODAY), "name_and_role": "Sam Jones, school nurse"}
    assert client.post(reverse("feedback:network", args=[audit.pk]), net).status_code == 302
    reason = client.post(
        reverse("feedback:not-obtained", args=[audit.pk, "child"]), {"reason": "Too young"}
    )
    assert reason.status_code == 302
    summary = client.get(reverse("feedback:summary", args=[audit.pk])).content.decode()
    assert (
        "Grandmother" in summary
        and "7 out of 10" in summary
        and "Sam Jones, school nurse" in summary
    )
    assert "Not obtained: Too young" in summary


def test_family_feedback_can_be_changed_and_removed_on_its_pages(org, ready, client_for):
    client = client_for(org.tariq)
    family = ready.family_feedback.get()
    edit = reverse("feedback:family-edit", args=[ready.pk, family.pk])
    page = client.get(edit)
    assert page.context["form"]["role"].value() == "Mother"
    data = {**date_data("contact_date", TODAY), "role": "Mother"}
    data |= {f"statement_{n}": 5 for n in range(1, 10)} | {"statement_9": "not_answered"}
    assert client.post(edit, data).status_code == 302
    summary = client.get(reverse("feedback:summary", args=[ready.pk])).content.decode()
    assert "Not answered" in summary and "5 out of 10" in summary
    client.post(reverse("feedback:remove", args=[ready.pk, "family", family.pk]))
    assert not ready.family_feedback.exists()


@pytest.mark.parametrize(("person", "status"), [("alice", 403), ("priya", 404)])
def test_only_the_auditor_changes_or_removes_feedback(org, ready, client_for, person, status):
    family = ready.family_feedback.get()
    client = client_for(getattr(org, person))
    assert (
        client.get(reverse("feedback:family-edit", args=[ready.pk, family.pk])).status_code
        == status
    )
    remove = reverse("feedback:remove", args=[ready.pk, "family", family.pk])
    assert client.post(remove).status_code == status
    assert ready.family_feedback.exists()
