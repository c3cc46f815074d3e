"""Section 5's pages."""

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
