"""Step 2: the self-assessment (Section 2), its page, and the auditor's waiver."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audits import services

from ..helpers import ANSWERS

HX = {"HX-Request": "true"}


def test_a_self_assessment_saves_as_a_draft_then_submits_read_only(org, audit):
    draft = services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_score": 6}, version=None
    )
    assert draft.submitted_at is None
    draft = services.self_assessment_save(
        actor=org.alice, audit=audit, data=ANSWERS, version=draft.version
    )
    services.self_assessment_submit(actor=org.alice, audit=audit)
    with pytest.raises(ValidationError, match="already submitted"):
        services.self_assessment_save(
            actor=org.alice, audit=audit, data={"difference_score": 1}, version=None
        )


def test_submitting_an_incomplete_self_assessment_lists_what_is_missing(org, audit):
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_score": 6}, version=None
    )
    with pytest.raises(ValidationError) as error:
        services.self_assessment_submit(actor=org.alice, audit=audit)
    assert set(error.value.message_dict) == set(ANSWERS) - {"difference_score"}


def test_the_st_worker_self_assesses_separately(org, audit):
    services.self_assessment_save(actor=org.stella, audit=audit, data=ANSWERS, version=None)
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={**ANSWERS, "difference_score": 2}, version=None
    )
    assert sorted(audit.self_assessments.values_list("author__username", "difference_score")) == [
        ("alice", 2), ("stella", 6)
    ]  # fmt: skip


@pytest.mark.parametrize("person", ["tariq", "tom", "colleague", "pat"])
def test_only_the_case_holders_self_assess(org, audit, person):
    with pytest.raises(PermissionDenied):
        services.self_assessment_save(
            actor=getattr(org, person), audit=audit, data=ANSWERS, version=None
        )


def test_the_auditor_may_waive_a_missing_self_assessment_with_a_reason(org, audit):
    with pytest.raises(ValidationError):
        services.self_assessment_waive(actor=org.tariq, audit=audit, author=org.stella, reason="")
    with pytest.raises(PermissionDenied):
        services.self_assessment_waive(
            actor=org.bella, audit=audit, author=org.stella, reason="Leave"
        )
    waived = services.self_assessment_waive(
        actor=org.tariq, audit=audit, author=org.stella, reason="On leave"
    )
    assert waived.is_waived
    with pytest.raises(ValidationError, match="waived"):
        services.self_assessment_save(actor=org.stella, audit=audit, data=ANSWERS, version=None)


def test_self_assessment_page_autosaves_then_submits(org, audit, client_for):
    client = client_for(org.alice)
    url = reverse("audits:self-assessment", args=[audit.pk])
    saved = client.post(url, {"version": 0, "difference_score": 6}, headers=HX)
    assert saved.status_code == 200 and b"Saved at" in saved.content
    incomplete = client.post(url, {"version": 1, "difference_score": 6, "submit": "1"})
    assert incomplete.status_code == 400
    assert b"Enter what worked well, in your use of Signs of Safety" in incomplete.content
    answers = {
        "version": 2, "difference_score": 6, "difference_worked_well": "a", "difference_to_move_up": "b",
        "signs_of_safety_score": 7, "signs_of_safety_worked_well": "c", "signs_of_safety_to_move_up": "d",
    }  # fmt: skip
    to_check = client.post(url, {**answers, "submit": "1"})
    check_url = reverse("audits:self-assessment-check", args=[audit.pk])
    assert to_check.url == check_url
    assert not audit.self_assessments.get().is_submitted  # nothing is final until checked
    check = client.get(check_url).content.decode()
    assert "Check your answers before you submit them" in check and "6 out of 10" in check
    assert client.post(check_url).url == audit.get_absolute_url()
    done = client.get(url)
    assert b"It can no longer be changed" in done.content
    assert client.post(url, {**answers, "version": 4, "difference_score": 1}).status_code == 200
    assert audit.self_assessments.get().difference_score == 6


def test_self_assessment_is_only_for_the_case_holders(org, audit, client_for):
    assert (
        client_for(org.tariq).get(reverse("audits:self-assessment", args=[audit.pk])).status_code
        == 403
    )


def test_waiving_a_self_assessment(org, audit, client_for):
    client = client_for(org.tariq)
    url = reverse("audits:waive-self-assessment", args=[audit.pk, org.stella.pk])
    assert (
        b"Enter why the self-assessment is not needed" in client.post(url, {"reason": ""}).content
    )
    assert client.post(url, {"reason": "Family closed to ST"}).status_code == 302
    assert audit.self_assessments.get(author=org.stella).waived_reason == "Family closed to ST"
    bogus = reverse("audits:waive-self-assessment", args=[audit.pk, org.priya.pk])
    assert client.get(bogus).status_code == 404


def test_the_auditor_sees_each_submitted_self_assessment_in_full(org, audit, client_for):
    services.self_assessment_save(
        actor=org.stella, audit=audit, version=None,
        data={"difference_score": 4, "difference_worked_well": "Morning routines", "difference_to_move_up": "b",
              "signs_of_safety_score": 5, "signs_of_safety_worked_well": "c", "signs_of_safety_to_move_up": "d"},
    )  # fmt: skip
    services.self_assessment_submit(actor=org.stella, audit=audit)
    content = client_for(org.tariq).get(audit.get_absolute_url()).content.decode()
    assert "Morning routines" in content
    assert f"Self-assessment by {org.alice}" in content and "Not started" in content


def test_submitting_too_early_does_not_lock_the_practitioner_out_of_their_draft(
    org, audit, client_for
):
    # The draft is saved before the submit is refused; the page must carry the saved version,
    # or every later save would be taken for someone else's and refused.
    client = client_for(org.alice)
    url = reverse("audits:self-assessment", args=[audit.pk])
    early = client.post(url, {"version": 0, "difference_score": 6, "submit": "1"})
    assert early.status_code == 400
    assert early.context["form"]["version"].value() == 1 == audit.self_assessments.get().version
    typed_on = client.post(
        url, {"version": 1, "difference_score": 6, "difference_worked_well": "Visits"}, headers=HX
    )
    assert typed_on.status_code == 200 and b"Saved at" in typed_on.content
    assert audit.self_assessments.get().difference_worked_well == "Visits"


def test_the_prompt_to_self_assess_goes_once_submitted(org, audit, client_for):
    client = client_for(org.alice)
    assert b"Complete your self-assessment" in client.get(audit.get_absolute_url()).content
    services.self_assessment_save(actor=org.alice, audit=audit, data=ANSWERS, version=None)
    services.self_assessment_submit(actor=org.alice, audit=audit)
    assert b"Complete your self-assessment" not in client.get(audit.get_absolute_url()).content


def test_a_worker_who_is_both_allocated_and_staying_together_worker_is_asked_once(org):
    org.amy.staying_together_worker = org.alice
    org.amy.save()
    audit = services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)
    assert audit.self_assessors == [org.alice]


def test_the_check_page_is_only_for_a_complete_draft_of_ones_own(org, audit, client_for):
    check_url = reverse("audits:self-assessment-check", args=[audit.pk])
    services.self_assessment_save(
        actor=org.alice, audit=audit, data={"difference_score": 4}, version=None
    )
    assert client_for(org.alice).get(check_url).url.endswith("/self-assessment/")
    assert client_for(org.alice).post(check_url).status_code == 302
    assert not audit.self_assessments.get().is_submitted
    assert client_for(org.tariq).get(check_url).status_code == 403  # may read, not submit
    assert client_for(org.priya).get(check_url).status_code == 404
