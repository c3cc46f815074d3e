"""Every form, posted empty, shows the GOV.UK error summary, and each of its links leads to an
input on the page (the first radio of a group, the day box of a date): following it puts the
cursor where the answer goes."""

import re

import pytest
from django.urls import reverse

from audits import services


def anchors_and_ids(response) -> tuple[list[str], set[str]]:
    html = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary on the page"
    links = re.findall(r'href="#([^"]+)"', summary.group(0))
    return links, set(re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html))


@pytest.fixture
def completed(org, ready):
    return services.audit_complete(actor=org.tariq, audit=ready)


def pages(org, audit, completed):
    """(who posts, URL) for every form a user fills in."""
    other = completed
    return [
        (org.bella, reverse("audits:allocate", args=[org.dan.case_id])),
        (org.bella, reverse("audits:cancel", args=[audit.pk])),
        (org.bella, reverse("imports:upload", args=["allocations"])),
        (org.tariq, reverse("audits:book-meeting", args=[audit.pk])),
        (org.tariq, reverse("audits:waive-self-assessment", args=[audit.pk, org.alice.pk])),
        (org.alice, reverse("audits:self-assessment", args=[audit.pk]) + "?submit"),
        (org.tariq, reverse("audits:section-1", args=[audit.pk])),
        (org.tariq, reverse("audits:action-add", args=[audit.pk])),
        (org.tariq, reverse("feedback:child", args=[audit.pk])),
        (org.tariq, reverse("feedback:family", args=[audit.pk])),
        (org.tariq, reverse("feedback:network", args=[audit.pk])),
        (org.tariq, reverse("feedback:not-obtained", args=[audit.pk, "child"])),
        (org.tariq, reverse("audits:follow-up", args=[other.pk])),
        (org.tom, reverse("audits:oversight-note", args=[other.pk])),
    ]


def test_every_form_posted_empty_shows_the_summary_and_each_link_finds_its_input(
    org, client_for, completed
):
    audit = services.audit_allocate(actor=org.bella, child=org.ben, auditor=org.tariq)
    for person, url in pages(org, audit, completed):
        data = {"submit": "1"} if url.endswith("?submit") else {}
        response = client_for(person).post(url.removesuffix("?submit"), data)
        assert response.status_code in (200, 400), url
        links, ids = anchors_and_ids(response)
        assert links, url
        assert set(links) <= ids, (url, set(links) - ids)
        assert "<title>Error: " in response.content.decode(), url


def test_the_grade_form_links_its_radios(org, fully_scored, client_for):
    response = client_for(org.tariq).post(reverse("audits:grade", args=[fully_scored.pk]), {})
    links, ids = anchors_and_ids(response)
    assert "id_grade_1" in links and set(links) <= ids
