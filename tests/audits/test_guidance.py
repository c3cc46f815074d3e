"""Guidance where the work is done: the form's section headings, the Hints and Tips for
auditors, what the preparation is considered against, where strengths are on the file, and the
practitioner's recent practice observations, each in the framework's words."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audits import guidance, services
from audits.models import ObservationKind
from audits.practice_areas import SECTIONS
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import CaseSystemRecord

from ..helpers import FRAMEWORK
from .test_pdf import pdf_text

SEED = FRAMEWORK


def words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'")
    # A hyphenated word broken over the PDF's lines ("self-" / "assessment") is one word again.
    # So is a pair broken after its slash ("parent/" / "carer").
    text = re.sub(r"(\w)/\s*\n\s*(\w)", r"\1/\2", text)
    return re.findall(r"[\w'&/().:,-]+", re.sub(r"(\w)-\s*\n\s*(\w)", r"\1-\2", text))


SEED_WORDS = words(SEED.read_text())


def in_seed_in_order(text: str, window: int = 6) -> bool:
    """The text's words appear in the seed in the same order, each within `window` words of the
    one before (the PDF's columns interleave lines of other boxes between them)."""
    wanted = words(text)
    for start, word in enumerate(SEED_WORDS):
        if word != wanted[0]:
            continue
        at, ok = start, True
        for next_word in wanted[1:]:
            ahead = SEED_WORDS[at + 1 : at + 1 + window]
            if next_word not in ahead:
                ok = False
                break
            at = at + 1 + ahead.index(next_word)
        if ok:
            return True
    return False


def test_the_texts_are_the_frameworks_word_for_word():
    for title in SECTIONS.values():
        assert " ".join(title.split()) in " ".join(SEED.read_text().split()), title
    for hint in guidance.HINTS:
        assert in_seed_in_order(hint), hint
    assert in_seed_in_order(guidance.PREPARATION)
    assert not in_seed_in_order(
        "Complex work may take longer, but you should always allow about 4 hours"
    )


def test_the_audit_page_heads_sections_2_and_4_as_the_form_does(org, audit, client_for):
    page = client_for(org.alice).get(audit.get_absolute_url()).text
    assert (
        "Section 2: Practitioner preparation (to be undertaken prior to meeting with auditor)"
        in page
    )
    assert "Section 4: Areas of practice (must be completed with the practitioner/s)" in page


def test_the_auditor_gets_the_hints_in_their_email_home_page_and_audit(
    org, audit, client_for, settings
):
    settings.SOS_PRACTICE_FRAMEWORK_URL = "https://intranet.example.org/sos-framework"
    CaseSystemRecord.objects.create(
        child=org.amy,
        episodes=[{"social_care_episode_id": "E1", "care_worker_details": [
            {"worker_id": org.alice.staff_id or "A1", "start_date": "2026-03-02", "end_date": None}]}],
    )  # fmt: skip
    if not org.alice.staff_id:
        type(org.alice).objects.filter(pk=org.alice.pk).update(staff_id="A1")
    email = Notification.objects.get(template="audit-allocated-auditor")
    assert "Hints and Tips for Collaborative Case Audits" in email.body_text
    assert (
        "Complex work may take longer, but you should always allow about 2-3 hours"
        in email.body_text
    )
    tariq = client_for(org.tariq)
    assert "Remember collaboration is key" in tariq.get(reverse("home")).text
    page = tariq.get(audit.get_absolute_url()).text
    assert "Aim at auditing work over the last 12 months depending on circumstance" in page
    assert "has been allocated to this case since 2 March 2026 (the case system)" in page
    assert "https://intranet.example.org/sos-framework" in page
    # Guidance for the auditor: the practitioner reading the audit is not shown it.
    assert "Hints and Tips" not in client_for(org.alice).get(audit.get_absolute_url()).text


def test_the_self_assessment_page_says_what_it_is_considered_against(
    org, audit, client_for, settings
):
    settings.SOS_PRACTICE_FRAMEWORK_URL = "https://intranet.example.org/sos-framework"
    page = client_for(org.alice).get(reverse("audits:self-assessment", args=[audit.pk])).text
    assert (
        "This should be considered in relation to the Signs of Safety Practice Framework and Expectations."
        in page
    )
    assert 'href="https://intranet.example.org/sos-framework"' in page


def test_strengths_are_kept_with_where_they_are_on_the_file(org, fully_scored, client_for):
    services.area_score_save(
        actor=org.tariq, audit=fully_scored, area=7, version=1,
        data={"worked_well": "The safety plan is in the family's words",
              "strengths_reference": "Safety plan uploaded 12/10/26"},
    )  # fmt: skip
    area = client_for(org.alice).get(reverse("audits:area", args=[fully_scored.pk, 7])).text
    assert "On the child’s file: Safety plan uploaded 12/10/26" in area
    pdf = pdf_text(client_for(org.tariq).get(reverse("audits:pdf", args=[fully_scored.pk])))
    assert "On the child’s file: Safety plan uploaded 12/10/26" in pdf
    form = client_for(org.tariq).get(reverse("audits:area", args=[fully_scored.pk, 7])).text
    assert "Where the areas of strength are on the child’s file" in form


def test_the_auditor_sees_the_practitioners_recent_practice_observations(org, audit, client_for):
    from audits.models import Observation

    tariq = client_for(org.tariq)
    assert "None recorded in the last 12 months" in tariq.get(audit.get_absolute_url()).text
    today = timezone.localdate()
    Observation.objects.create(
        kind=ObservationKind.SUPERVISION, observer=org.tom, observed=org.alice,
        observed_on=today - datetime.timedelta(days=40), what_was_seen="x", worked_well="y",
        to_develop="z", recorded_by=org.tom,
    )  # fmt: skip
    Observation.objects.create(
        kind=ObservationKind.DIRECT_WORK, observer=org.tom, observed=org.alice,
        observed_on=today - datetime.timedelta(days=500), what_was_seen="x", worked_well="y",
        to_develop="z", recorded_by=org.tom,
    )  # fmt: skip
    page = tariq.get(audit.get_absolute_url()).text
    assert f"{today - datetime.timedelta(days=40):%-d %B %Y}: Supervision, by Tom Turner" in page
    assert "Direct work with a child or family" not in page  # over a year ago
    assert (
        "recent practice observations"
        not in client_for(org.alice).get(audit.get_absolute_url()).text
    )


def test_the_grading_guide_is_beside_the_auditors_and_the_moderators_grading(
    org, fully_scored, client_for
):
    from audits import grading_guide

    page = client_for(org.tariq).get(reverse("audits:grade", args=[fully_scored.pk])).text
    assert "From Inadequate to Good" in page and "This is a guide to support consistency" in page
    for area, _cells in grading_guide.AREAS:
        assert f'<span class="govuk-details__summary-text">{area}</span>' in page
    first_good = grading_guide.AREAS[0][1][grading_guide.GOOD][0]
    assert escape(first_good) in page
