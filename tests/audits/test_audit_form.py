"""Steps 3 and 4: the audit page, Section 1, the practice areas (autosave, 409) and grading."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import AreaScore, Audit, AuditStatus, grade_band
from audits.practice_areas import AREA_COUNT
from bexley_qa.versioning import StaleVersion
from feedback import services as feedback_services

from ..helpers import date_data

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
HX = {"HX-Request": "true"}


def test_an_area_saves_and_its_version_moves_on(org, audit):
    first = services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "Clear"}, version=0
    )
    assert first.version == 1
    second = services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"score": 7}, version=1
    )
    assert (second.version, second.worked_well, second.score) == (2, "Clear", 7)


def test_a_stale_version_is_refused_and_the_first_value_survives(org, audit):
    services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "First"}, version=0
    )
    with pytest.raises(StaleVersion) as stale:
        services.area_score_save(
            actor=org.tariq, audit=audit, area=6, data={"worked_well": "Second"}, version=0
        )
    assert stale.value.current.worked_well == "First"
    assert AreaScore.objects.get(audit=audit, area=6).worked_well == "First"


def test_a_score_outside_0_to_10_is_refused(org, audit):
    with pytest.raises(ValidationError):
        services.area_score_save(
            actor=org.tariq, audit=audit, area=6, data={"score": 11}, version=0
        )
    assert not AreaScore.objects.exists()


@pytest.mark.parametrize("person", ["alice", "tom", "bella", "pat", "dee"])
def test_only_the_auditor_edits_the_form(org, audit, person):
    with pytest.raises(PermissionDenied):
        services.area_score_save(
            actor=getattr(org, person), audit=audit, area=1, data={"score": 3}, version=0
        )


def test_grading_needs_all_19_areas_scored(org, audit):
    services.area_score_save(actor=org.tariq, audit=audit, area=1, data={"score": 3}, version=0)
    with pytest.raises(
        ValidationError, match=f"Score all {AREA_COUNT} practice areas first: 1 are scored"
    ):
        services.audit_grade(
            actor=org.tariq, audit=audit, grade=4, outstanding=False, impact_summary="x"
        )


def test_grading_sets_the_grade_band_and_final_grade(org, fully_scored):
    audit = services.audit_grade(
        actor=org.tariq,
        audit=fully_scored,
        grade=2,
        outstanding=False,
        impact_summary="Little change yet",
    )
    assert (audit.status, audit.grade, audit.final_grade, audit.band.label) == (
        AuditStatus.GRADED, 2, 2, "Inadequate"
    )  # fmt: skip
    assert audit.events.last().note == "2: Inadequate"


def test_outstanding_only_on_a_6(org, fully_scored):
    with pytest.raises(ValidationError, match="only be recorded on a grade of 6"):
        services.audit_grade(
            actor=org.tariq, audit=fully_scored, grade=5, outstanding=True, impact_summary="x"
        )
    audit = services.audit_grade(
        actor=org.tariq, audit=fully_scored, grade=6, outstanding=True, impact_summary="x"
    )
    assert audit.band.label == "Outstanding"


def test_grading_needs_the_impact_summary(org, fully_scored):
    with pytest.raises(ValidationError) as error:
        services.audit_grade(
            actor=org.tariq, audit=fully_scored, grade=4, outstanding=False, impact_summary=" "
        )
    assert "impact_summary" in error.value.message_dict


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        (0, "Inadequate"),
        (2, "Inadequate"),
        (3, "Requires improvement"),
        (5, "Requires improvement"),
        (6, "Good"),
    ],
)
def test_grade_bands(grade, band):
    assert grade_band(grade).label == band


def test_no_edits_once_cancelled(org, audit):
    services.audit_cancel(actor=org.bella, audit=audit, reason="Closed")
    with pytest.raises(PermissionDenied):
        services.area_score_save(actor=org.tariq, audit=audit, area=1, data={"score": 3}, version=0)


def test_a_stale_save_that_changes_nothing_is_a_repeat_not_a_conflict(org, audit):
    # Autosave and the submit button may both send the same answers with the same version.
    services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "Same", "score": 4}, version=0
    )
    repeat = services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "Same", "score": 4}, version=0
    )
    assert repeat.worked_well == "Same"
    with pytest.raises(StaleVersion):
        services.area_score_save(
            actor=org.tariq,
            audit=audit,
            area=6,
            data={"worked_well": "Same", "score": 5},
            version=0,
        )


def test_audit_page_shows_the_task_list_and_history(org, audit, client_for):
    services.area_score_save(actor=org.tariq, audit=audit, area=1, data={"score": 4}, version=0)
    services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "x"}, version=0
    )
    content = client_for(org.tariq).get(audit.get_absolute_url()).content.decode()
    assert "1 of 19 areas scored" in content
    assert "Scored" in content and "In progress" in content and "Not started" in content
    assert "Cannot start yet" in content  # grading
    assert "Allocated" in content and str(org.bella) in content  # history


def test_audit_page_runs_a_fixed_number_of_queries(
    org, audit, client_for, django_assert_num_queries
):
    client = client_for(org.tariq)
    # The auditor's page: the audit and its parts, and the practitioner's recent observations
    # (and, for a manager, the ids of the teams they are over: lines.team_ids_over); the audit
    # read in a savepoint of its own, planned with fewer join orders (bexley_qa/planning.py).
    with django_assert_num_queries(16) as few:
        client.get(audit.get_absolute_url())
    for area in range(1, 20):
        services.area_score_save(
            actor=org.tariq, audit=audit, area=area, data={"score": 5}, version=0
        )
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TOMORROW)
    for role in ("Mother", "Father"):  # feedback's own section of the task list
        feedback_services.feedback_family_save(
            actor=org.tariq,
            audit=audit,
            data={"contact_date": TOMORROW, "role": role},
            scores=dict.fromkeys(range(1, 10), 5),
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(audit.get_absolute_url())


def test_an_area_autosaves_with_htmx_and_returns_the_new_version(org, audit, client_for):
    url = reverse("audits:area", args=[audit.pk, 7])
    response = client_for(org.tariq).post(
        url, {"version": 0, "signs_of_impact": "Plan uploaded 01/04/19"}, headers=HX
    )
    assert response.status_code == 200
    assert b"Saved at" in response.content
    assert (
        b'name="version" value="1"' in response.content and b"data-hx-swap-oob" in response.content
    )
    assert AreaScore.objects.get(audit=audit, area=7).signs_of_impact == "Plan uploaded 01/04/19"


def test_two_saves_with_the_same_version_the_second_gets_409_and_the_first_survives(
    org, audit, client_for
):
    client = client_for(org.tariq)
    url = reverse("audits:area", args=[audit.pk, 7])
    assert client.post(url, {"version": 0, "worked_well": "First"}, headers=HX).status_code == 200
    second = client.post(url, {"version": 0, "worked_well": "Second"}, headers=HX)
    assert second.status_code == 409
    assert b"First" in second.content and b"Second" in second.content
    assert b"Nothing was overwritten" in second.content
    assert AreaScore.objects.get(audit=audit, area=7).worked_well == "First"


def test_a_plain_post_with_a_stale_version_shows_both_values(org, audit, client_for):
    client = client_for(org.tariq)
    url = reverse("audits:area", args=[audit.pk, 7])
    client.post(url, {"version": 0, "worked_well": "First", "return": "1"})
    response = client.post(url, {"version": 0, "worked_well": "Second", "return": "1"})
    assert response.status_code == 409
    assert b"Your changes were not saved" in response.content
    assert b"Second" in response.content
    assert response.context["form"].initial["worked_well"] == "First"
    assert response.context["form"].initial["version"] == 1


def test_save_and_continue_goes_to_the_next_area(org, audit, client_for):
    response = client_for(org.tariq).post(
        reverse("audits:area", args=[audit.pk, 7]), {"version": 0, "score": 6, "continue": "1"}
    )
    assert response.url == reverse("audits:area", args=[audit.pk, 8])


def test_an_invalid_score_is_explained_and_nothing_saved(org, audit, client_for):
    response = client_for(org.tariq).post(
        reverse("audits:area", args=[audit.pk, 7]), {"version": 0, "score": 11}
    )
    assert response.status_code == 400
    assert b"Select a score from 0 to 10" in response.content
    assert not AreaScore.objects.exists()


def test_health_check_areas_have_no_scaling_question_or_rationale(org, audit, client_for):
    response = client_for(org.tariq).get(reverse("audits:area", args=[audit.pk, 2]))
    assert "rationale" not in response.context["form"].fields
    assert "signs_of_impact" not in response.context["form"].fields
    assert b"Suggested scaling question" not in response.content


def test_unknown_area_is_404(org, audit, client_for):
    assert client_for(org.tariq).get(reverse("audits:area", args=[audit.pk, 20])).status_code == 404


def test_section_1_saves_and_refuses_a_stale_version(org, audit, client_for):
    client = client_for(org.tariq)
    url = reverse("audits:section-1", args=[audit.pk])
    data = {
        "version": audit.version, **date_data("referral_date", "2025-01-10"),
        **date_data("commenced_on", "2026-11-01"), **date_data("completed_on", "2026-10-01"),
        "practice_observation": "required", **date_data("date_of_birth", "2015-06-01"),
        "gender": "female", "ethnicity": "WBRI", "first_language": "English",
    }  # fmt: skip
    response = client.post(url, data)
    assert b"The completed date must be on or after the commenced date" in response.content
    response = client.post(url, {**data, **date_data("completed_on", "2026-11-20")})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.practice_observation == "required"
    assert client.post(url, data).status_code == 409


def test_grade_page_waits_for_all_19_areas(org, audit, client_for):
    response = client_for(org.tariq).get(reverse("audits:grade", args=[audit.pk]))
    assert b"0 of 19 are scored so far" in response.content


def test_grading_through_the_page(org, fully_scored, client_for):
    client = client_for(org.tariq)
    url = reverse("audits:grade", args=[fully_scored.pk])
    version = Audit.objects.get(pk=fully_scored.pk).version
    bad = client.post(
        url, {"version": version, "grade": 4, "outstanding": "on", "impact_summary": "x"}
    )
    assert b"Outstanding can only be recorded on a grade of 6" in bad.content
    client.post(url, {"version": version, "grade": 4, "impact_summary": "Some difference"})
    fully_scored.refresh_from_db()
    assert (fully_scored.grade, fully_scored.band.label) == (4, "Requires improvement")


def test_area_pages_show_the_statement_question_and_self_assessment_scores(org, audit, client_for):
    services.self_assessment_save(
        actor=org.alice, audit=audit, version=None,
        data={"difference_score": 8, "difference_worked_well": "a", "difference_to_move_up": "b",
              "signs_of_safety_score": 3, "signs_of_safety_worked_well": "c", "signs_of_safety_to_move_up": "d"},
    )  # fmt: skip
    services.self_assessment_submit(actor=org.alice, audit=audit)
    content = client_for(org.tariq).get(reverse("audits:area", args=[audit.pk, 6])).content.decode()
    assert "Clear purpose for the work is evident within the case record." in content
    assert "they would talk about a shared purpose with us" in content
    assert "Difference made: 8 out of 10" in content
    assert "Use of Signs of Safety: 3 out of 10" in content


def test_a_save_without_a_version_is_refused_and_overwrites_nothing(org, audit, client_for):
    services.area_score_save(
        actor=org.tariq, audit=audit, area=6, data={"worked_well": "First"}, version=0
    )
    client = client_for(org.tariq)
    url = reverse("audits:area", args=[audit.pk, 6])
    for headers in ({}, HX):
        response = client.post(url, {"worked_well": "Overwritten?"}, headers=headers)
        assert response.status_code == 400
        assert b"This page is out of date" in response.content
    assert AreaScore.objects.get(audit=audit, area=6).worked_well == "First"


def test_the_scores_at_a_glance_on_the_task_list_the_audit_page_and_the_grade_page(
    org, fully_scored, client_for
):
    services.area_score_save(
        actor=org.tariq, audit=fully_scored, area=13, data={"score": 8}, version=1
    )
    services.self_assessment_save(
        actor=org.alice, audit=fully_scored, version=None,
        data={"difference_score": 3, "difference_worked_well": "a", "difference_to_move_up": "b",
              "signs_of_safety_score": 4, "signs_of_safety_worked_well": "c",
              "signs_of_safety_to_move_up": "d"},
    )  # fmt: skip
    services.self_assessment_submit(actor=org.alice, audit=fully_scored)
    client = client_for(org.tariq)
    page = client.get(fully_scored.get_absolute_url()).content.decode()
    assert "13. Quality of direct work with the child</a>" in page  # a short link
    assert "Scored 8" in page and "Scores at a glance" in page
    assert "Alice Adams: difference made (self-assessment)" in page
    chart = client.get(reverse("audits:scores-chart", args=[fully_scored.pk]))
    assert chart["Content-Type"] == "image/svg+xml"
    svg = chart.content.decode()
    assert (
        "13. Quality of direct work with the child" in svg and "Alice Adams: difference made" in svg
    )
    grade_page = client.get(reverse("audits:grade", args=[fully_scored.pk])).content.decode()
    assert "The scores you are grading" in grade_page and "19. Management oversight" in grade_page


def test_the_scores_chart_is_404_out_of_scope(org, audit, client_for):
    url = reverse("audits:scores-chart", args=[audit.pk])
    assert client_for(org.priya).get(url).status_code == 404
    assert client_for(org.bella).get(url).status_code == 404
