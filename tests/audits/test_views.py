import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import AreaScore, Audit, AuditStatus

from ..factories import ChildFactory

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
HX = {"HX-Request": "true"}


# Allocate ---------------------------------------------------------------------------------------


def test_allocate_offers_only_auditors_from_other_teams(org, client_for):
    response = client_for(org.bella).get(reverse("audits:allocate", args=[org.amy.case_id]))
    auditors = set(response.context["form"].fields["auditor"].queryset)
    assert org.tariq in auditors and org.dee in auditors and org.sam in auditors
    assert org.tom not in auditors  # Amy's own team manager
    assert org.alice not in auditors and org.bella not in auditors


def test_allocate_works_and_says_who_was_emailed(org, client_for, send_outbox):
    response = client_for(org.bella).post(
        reverse("audits:allocate", args=[org.amy.case_id]),
        {
            "auditor": org.tariq.pk,
            "kind": "practice_week",
            "theme": "Neglect",
            "meeting_date": TOMORROW,
        },
        follow=True,
    )
    audit = Audit.objects.get()
    assert (audit.auditor, audit.kind, audit.status) == (
        org.tariq,
        "practice_week",
        AuditStatus.MEETING_BOOKED,
    )
    assert b"is allocated to" in response.content
    assert len(send_outbox()) == 4


def test_allocate_rejects_an_auditor_from_the_childs_team(org, client_for):
    response = client_for(org.bella).post(
        reverse("audits:allocate", args=[org.amy.case_id]),
        {"auditor": org.tom.pk, "kind": "routine"},
    )
    assert response.status_code == 200
    assert b"Select an auditor from the list" in response.content
    assert not Audit.objects.exists()


def test_allocate_asks_for_missing_answers(org, client_for):
    response = client_for(org.bella).post(
        reverse("audits:allocate", args=[org.amy.case_id]), {"meeting_date": "2001-01-01"}
    )
    assert b"Select the auditor" in response.content
    assert b"The meeting date must be today or in the future" in response.content


def test_allocate_warns_about_a_recent_audit_and_needs_confirming(org, audit, client_for):
    Audit.objects.filter(pk=audit.pk).update(status=AuditStatus.COMPLETED)
    client = client_for(org.bella)
    url = reverse("audits:allocate", args=[org.amy.case_id])
    first = client.post(url, {"auditor": org.dee.pk, "kind": "routine"})
    assert b"Confirm that it should be audited again" in first.content
    assert Audit.objects.count() == 1
    assert b'name="confirm_recent" value="True"' in first.content
    client.post(url, {"auditor": org.dee.pk, "kind": "routine", "confirm_recent": "True"})
    assert Audit.objects.count() == 2


def test_allocate_shows_an_open_audit_instead_of_the_form(org, audit, client_for):
    response = client_for(org.bella).get(reverse("audits:allocate", args=[org.amy.case_id]))
    assert b"already has an audit in progress" in response.content
    assert b"Allocate audit" not in response.content


def test_allocate_404s_for_a_closed_or_unknown_case(org, client_for):
    org.amy.is_open = False
    org.amy.save()
    client = client_for(org.bella)
    assert client.get(reverse("audits:allocate", args=[org.amy.case_id])).status_code == 404
    assert client.get(reverse("audits:allocate", args=["nope"])).status_code == 404


def test_the_child_lookup_links_to_allocation(org, client_for):
    response = client_for(org.bella).get(reverse("people:child-list"), {"q": "Amy"})
    assert reverse("audits:allocate", args=["1000001"]).encode() in response.content


# Allocations list -------------------------------------------------------------------------------


def test_allocations_list_filters_and_exports_csv(org, audit, client_for):
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    client = client_for(org.bella)
    url = reverse("audits:allocations")
    assert len(client.get(url).context["page"]) == 2
    assert [a.child.case_id for a in client.get(url, {"auditor": org.sam.pk}).context["page"]] == [
        "2000001"
    ]
    assert [a.child.case_id for a in client.get(url, {"team": org.team_a.pk}).context["page"]] == [
        "1000001"
    ]
    assert [
        a.child.case_id for a in client.get(url, {"service": org.service_b.pk}).context["page"]
    ] == ["2000001"]
    month = timezone.localdate().strftime("%Y-%m")
    assert len(client.get(url, {"month": month, "status": "allocated"}).context["page"]) == 2
    assert len(client.get(url, {"month": "2001-01"}).context["page"]) == 0
    exported = client.get(url, {"team": org.team_a.pk, "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:3] == ["Case ID", "Child", "Team"]
    assert [row[0] for row in rows[1:]] == ["1000001"]
    assert rows[1][7] == str(org.tariq)


def test_managers_see_which_of_their_teams_cases_are_audited_and_by_whom(org, audit, client_for):
    services.audit_allocate(actor=org.bella, child=org.dan, auditor=org.sam)
    listing = client_for(org.tom).get(reverse("audits:allocations"))
    assert [a.child.case_id for a in listing.context["page"]] == ["1000001"]
    home = client_for(org.tom).get(reverse("home"))
    assert [a.auditor for a in home.context["team_audits"]] == [org.tariq]
    assert str(org.tariq).encode() in home.content


def test_allocations_list_runs_a_fixed_number_of_queries(
    org, client_for, django_assert_num_queries
):
    client = client_for(org.pat)
    url = reverse("audits:allocations")

    def allocate(n):
        for _ in range(n):
            child = ChildFactory(team=org.team_b, allocated_worker=org.priya)
            services.audit_allocate(actor=org.pat, child=child, auditor=org.sam)

    allocate(2)
    with django_assert_num_queries(12) as few:
        client.get(url)
    allocate(8)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_allocations_list_empty_state(org, client_for):
    response = client_for(org.alice).get(reverse("audits:allocations"))
    assert b"There are no audits yet" in response.content


# The audit page --------------------------------------------------------------------------------


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
    with django_assert_num_queries(11) as few:
        client.get(audit.get_absolute_url())
    for area in range(1, 20):
        services.area_score_save(
            actor=org.tariq, audit=audit, area=area, data={"score": 5}, version=0
        )
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TOMORROW)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(audit.get_absolute_url())


def test_book_meeting_rejects_a_past_date(org, audit, client_for):
    response = client_for(org.tariq).post(
        reverse("audits:book-meeting", args=[audit.pk]), {"meeting_date": "2001-02-03"}
    )
    assert response.status_code == 400
    assert b"The meeting date must be today or in the future" in response.content


def test_book_meeting_rejects_get(org, audit, client_for):
    assert (
        client_for(org.tariq).get(reverse("audits:book-meeting", args=[audit.pk])).status_code
        == 405
    )


# Practice areas: htmx autosave and optimistic locking -----------------------------------------------


def test_an_area_autosaves_with_htmx_and_returns_the_new_version(org, audit, client_for):
    url = reverse("audits:area", args=[audit.pk, 7])
    response = client_for(org.tariq).post(
        url, {"version": 0, "signs_of_impact": "Plan uploaded 01/04/19"}, headers=HX
    )
    assert response.status_code == 200
    assert b"Saved at" in response.content
    assert b'name="version" value="1"' in response.content and b"hx-swap-oob" in response.content
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
    assert b"Select a valid choice" in response.content
    assert not AreaScore.objects.exists()


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


def test_health_check_areas_have_no_scaling_question_or_rationale(org, audit, client_for):
    response = client_for(org.tariq).get(reverse("audits:area", args=[audit.pk, 2]))
    assert "rationale" not in response.context["form"].fields
    assert "signs_of_impact" not in response.context["form"].fields
    assert b"Suggested scaling question" not in response.content


def test_unknown_area_is_404(org, audit, client_for):
    assert client_for(org.tariq).get(reverse("audits:area", args=[audit.pk, 20])).status_code == 404


# Section 1, self-assessment, grading, cancelling ---------------------------------------------------


def test_section_1_saves_and_refuses_a_stale_version(org, audit, client_for):
    client = client_for(org.tariq)
    url = reverse("audits:section-1", args=[audit.pk])
    data = {
        "version": audit.version, "referral_date": "2025-01-10", "commenced_on": "2026-11-01",
        "completed_on": "2026-10-01", "practice_observation": "required", "date_of_birth": "2015-06-01",
        "gender": "female", "ethnicity": "WBRI", "first_language": "English",
    }  # fmt: skip
    response = client.post(url, data)
    assert b"The completed date must be on or after the commenced date" in response.content
    response = client.post(url, {**data, "completed_on": "2026-11-20"})
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.practice_observation == "required"
    assert client.post(url, data).status_code == 409


def test_self_assessment_page_autosaves_then_submits(org, audit, client_for):
    client = client_for(org.alice)
    url = reverse("audits:self-assessment", args=[audit.pk])
    saved = client.post(url, {"version": 0, "difference_score": 6}, headers=HX)
    assert saved.status_code == 200 and b"Saved at" in saved.content
    incomplete = client.post(url, {"version": 1, "difference_score": 6, "submit": "1"})
    assert incomplete.status_code == 400
    assert b"Enter what worked well to make you scale in this way" in incomplete.content
    answers = {
        "version": 2, "difference_score": 6, "difference_worked_well": "a", "difference_to_move_up": "b",
        "signs_of_safety_score": 7, "signs_of_safety_worked_well": "c", "signs_of_safety_to_move_up": "d",
    }  # fmt: skip
    assert client.post(url, {**answers, "submit": "1"}).status_code == 302
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


def test_cancel_through_the_page_keeps_the_record(org, audit, client_for):
    client = client_for(org.bella)
    url = reverse("audits:cancel", args=[audit.pk])
    assert b"Enter why the audit is being cancelled" in client.post(url, {"reason": ""}).content
    response = client.post(url, {"reason": "Case closed"})
    assert response.url == reverse("audits:allocations")
    audit.refresh_from_db()
    assert audit.status == AuditStatus.CANCELLED


def test_home_pages_show_what_is_due(org, audit, client_for):
    services.audit_book_meeting(actor=org.tariq, audit=audit, meeting_date=TOMORROW)
    assert [
        a.pk for a in client_for(org.tariq).get(reverse("home")).context["audits_to_prepare"]
    ] == [audit.pk]
    alice_home = client_for(org.alice).get(reverse("home"))
    assert [a.pk for a in alice_home.context["self_assessments_due"]] == [audit.pk]
    assert reverse("audits:self-assessment", args=[audit.pk]).encode() in alice_home.content


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


def test_the_csv_cannot_smuggle_a_spreadsheet_formula(org, client_for):
    services.audit_allocate(
        actor=org.bella,
        child=org.amy,
        auditor=org.tariq,
        kind="thematic",
        theme='=HYPERLINK("http://evil")',
    )
    exported = client_for(org.bella).get(reverse("audits:allocations"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[1][9] == '\'=HYPERLINK("http://evil")'
