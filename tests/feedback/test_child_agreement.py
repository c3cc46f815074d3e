"""The child's own feedback is "subject to agreement from the parent/carer or young adult", and
the lead professional is recorded with it."""

from django.urls import reverse
from django.utils import timezone

from feedback.models import ChildFeedback


def test_the_childs_feedback_needs_the_agreement_and_keeps_the_lead_professional(
    org, audit, client_for
):
    url = reverse("feedback:child", args=[audit.pk])
    today = timezone.localdate()
    data = {"contact_date_0": today.day, "contact_date_1": today.month,
            "contact_date_2": today.year, "child_name": "Amy"}  # fmt: skip
    tariq = client_for(org.tariq)
    refused = tariq.post(url, data)
    assert "Confirm the parent/carer or young adult agreed" in refused.text
    assert not ChildFeedback.objects.exists()
    tariq.post(url, {**data, "agreement": "on", "lead_professional": "Sam Reid, school nurse"})
    saved = ChildFeedback.objects.get()
    assert saved.agreement and saved.lead_professional == "Sam Reid, school nurse"
    summary = tariq.get(reverse("feedback:summary", args=[audit.pk])).text
    assert "Agreement from the parent/carer or young adult" in summary and "Sam Reid" in summary
