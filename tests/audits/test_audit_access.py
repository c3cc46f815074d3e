"""Every audit view answers 404 to people outside the audit's scope, htmx partials and PDF too.

The audit is of Amy's case (Alice's, Tom's team, Sam's and Hana's service), audited by Tariq.
Priya (another team's practitioner), Colin (Alice's colleague, not on the case), Charlie (no role)
and Mo (moderator) have no business with it; Bella (business support) sees only its allocation row.
"""

import pytest
from django.urls import reverse

from audits import services

from ..helpers import date_data

OUTSIDERS = ["priya", "colleague", "charlie", "mo", "bella"]
READERS = ["tariq", "alice", "stella", "tom", "sam", "hana", "dee", "pat"]


def views(audit):
    """Each page of the audit, and whether it takes a POST (the others answer POST with 405)."""
    pk = audit.pk
    return [
        (reverse("audits:detail", args=[pk]), False),
        (reverse("audits:section-1", args=[pk]), True),
        (reverse("audits:area", args=[pk, 1]), True),
        (reverse("audits:area", args=[pk, 12]), True),
        (reverse("audits:grade", args=[pk]), True),
        (reverse("audits:self-assessment", args=[pk]), True),
        (reverse("audits:waive-self-assessment", args=[pk, audit.practitioner_id]), True),
        (reverse("audits:pdf", args=[pk]), False),
        (reverse("audits:changes", args=[pk]), False),
    ]


@pytest.mark.parametrize("person", OUTSIDERS)
def test_outsiders_get_404_on_every_audit_page(org, audit, client_for, person):
    client = client_for(getattr(org, person))
    for url, takes_post in views(audit):
        assert client.get(url).status_code == 404, url
        post_status = 404 if takes_post else 405
        assert client.post(url, {"score": 3, "version": 0}).status_code == post_status, url
        htmx = client.post(url, {"score": 3, "version": 0}, headers={"HX-Request": "true"})
        assert htmx.status_code == post_status, url
    assert (
        client.post(
            reverse("audits:book-meeting", args=[audit.pk]), date_data("meeting_date", "2026-12-24")
        ).status_code
        == 404
    )
    assert not audit.area_scores.exists()


@pytest.mark.parametrize("person", READERS)
def test_people_in_scope_can_read_the_audit(org, audit, client_for, person):
    client = client_for(getattr(org, person))
    assert client.get(reverse("audits:detail", args=[audit.pk])).status_code == 200
    assert client.get(reverse("audits:area", args=[audit.pk, 6])).status_code == 200
    assert client.get(reverse("audits:pdf", args=[audit.pk])).status_code == 200


@pytest.mark.parametrize("person", ["alice", "tom", "dee", "pat"])
def test_readers_who_are_not_the_auditor_cannot_change_it(org, audit, client_for, person):
    client = client_for(getattr(org, person))
    page = client.get(reverse("audits:area", args=[audit.pk, 6]))
    assert b"data-hx-post" not in page.content
    assert (
        client.post(
            reverse("audits:area", args=[audit.pk, 6]), {"score": 3, "version": 0}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("audits:section-1", args=[audit.pk]), {"version": 1}).status_code == 403
    )
    assert client.get(reverse("audits:grade", args=[audit.pk])).status_code == 403
    assert not audit.area_scores.exists()


def test_another_teams_manager_cannot_see_the_audit_unless_they_are_its_auditor(
    org, audit, client_for
):
    services.audit_cancel(actor=org.bella, audit=audit, reason="Reallocating")
    other = services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.dee)
    assert client_for(org.tariq).get(reverse("audits:detail", args=[other.pk])).status_code == 404


def test_business_support_see_the_allocation_row_but_not_its_content(org, audit, client_for):
    client = client_for(org.bella)
    listing = client.get(reverse("audits:allocations"))
    assert b"1000001" in listing.content
    assert f'href="{audit.get_absolute_url()}"'.encode() not in listing.content
    assert client.get(reverse("audits:cancel", args=[audit.pk])).status_code == 200


def test_outsiders_cannot_cancel_and_readers_are_refused(org, audit, client_for):
    url = reverse("audits:cancel", args=[audit.pk])
    for person in ("priya", "mo", "charlie"):  # out of scope: as if the audit did not exist
        assert client_for(getattr(org, person)).post(url, {"reason": "x"}).status_code == 404
    for person in ("alice", "tom"):  # may read the audit, may not cancel it
        assert client_for(getattr(org, person)).post(url, {"reason": "x"}).status_code == 403
    audit.refresh_from_db()
    assert audit.status == "allocated"


def test_allocation_pages_refuse_people_who_do_not_allocate(org, client_for):
    client = client_for(org.tom)
    assert client.get(reverse("audits:allocate", args=["2000001"])).status_code == 403
    assert client.get(reverse("imports:upload", args=["allocations"])).status_code == 403
    assert client.post(reverse("imports:confirm", args=["allocations"])).status_code == 403
    assert client.get(reverse("imports:template", args=["allocations"])).status_code == 403


def test_signed_out_requests_go_to_sign_in(org, audit, client):
    for url in [url for url, _ in views(audit)] + [reverse("audits:allocations")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/sign-in/"), url


@pytest.mark.parametrize("person", ["priya", "colleague", "mo", "bella", "charlie"])
def test_feedback_actions_and_follow_up_pages_are_404_out_of_scope(org, ready, client_for, person):
    audit = services.audit_complete(actor=org.tariq, audit=ready)
    client = client_for(getattr(org, person))
    an_action = audit.actions.first()
    for url in (
        reverse("feedback:summary", args=[audit.pk]),
        reverse("feedback:family", args=[audit.pk]),
        reverse("feedback:child", args=[audit.pk]),
        reverse("feedback:not-obtained", args=[audit.pk, "child"]),
        reverse("audits:actions", args=[audit.pk]),
        reverse("audits:action-add", args=[audit.pk]),
        reverse("audits:complete", args=[audit.pk]),
        reverse("audits:follow-up", args=[audit.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("audits:action-done", args=[an_action.pk])).status_code == 404


@pytest.mark.parametrize("person", ["alice", "tom", "pat"])
def test_readers_cannot_record_feedback_or_actions(org, audit, client_for, person):
    client = client_for(getattr(org, person))
    assert client.get(reverse("feedback:summary", args=[audit.pk])).status_code == 200
    assert client.get(reverse("feedback:family", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:action-add", args=[audit.pk])).status_code == 403
    assert client.get(reverse("audits:complete", args=[audit.pk])).status_code == 403
