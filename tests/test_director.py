"""The Director of Children's Services chairs the review where the dashboard and the QA reports
are read: they read every directorate figure and report the deputy director reads, and open no
child's case file or audit (SPEC: "reads every directorate figure and report")."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, AuditStatus
from bexley_qa.people.models import RoleCode
from feedback.models import CallOutcome, FeedbackNotObtained, SurveyCall
from feedback.statements import FAMILY_STATEMENTS
from feedback.survey import services as survey_services
from reporting.qa_reports import services as qa_services
from tests.factories import UserFactory


@pytest.fixture
def director(org):
    return UserFactory(username="dcs", first_name="Dana", roles=[RoleCode.DIRECTOR])


@pytest.fixture
def completed_audit(org):
    at = timezone.make_aware(datetime(2026, 10, 15, 12))
    return Audit.objects.create(
        child=org.amy, auditor=org.tariq, practitioner=org.alice, team=org.team_a,
        allocated_by=org.bella, date_of_birth=org.amy.date_of_birth, gender=org.amy.gender,
        ethnicity=org.amy.ethnicity, first_language="English", status=AuditStatus.COMPLETED,
        grade=6, final_grade=6, completed_at=at,
    )  # fmt: skip


def test_the_director_opens_the_dashboard_for_every_service_and_team(org, director, client_for):
    client = client_for(director)
    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200
    assert "Service A" in page.text and "Service B" in page.text and "the directorate" in page.text
    assert client.get(reverse("dashboard:service", args=[org.service_b.pk])).status_code == 200
    team = client.get(reverse("dashboard:team", args=[org.team_a.pk]))
    assert team.status_code == 200
    assert "Amy Archer" not in team.text  # figures, not the children's case files
    assert "These are the team's figures" in team.text
    assert client.get(reverse("people:child-detail", args=[org.amy.case_id])).status_code == 404


def test_the_director_reads_every_teams_audit_results_without_links_to_the_audits(
    org, director, client_for, completed_audit
):
    client = client_for(director)
    page = client.get(
        reverse("analytics:question", args=["how-well"]) + "?start=2026-10&end=2026-10"
    )
    assert page.status_code == 200
    assert "Assessment" in page.text or "Service A" in page.text
    assert "/audits/?" not in page.text  # they may not open the audits behind a figure
    assert client.get(completed_audit.get_absolute_url()).status_code == 404
    # Case by case, with what an auditor typed: not for the Director (found by a probe).
    FeedbackNotObtained.objects.create(
        audit=completed_audit, kind="family", reason="Mother declined", recorded_by=org.tariq
    )
    how_much = client.get(
        reverse("analytics:question", args=["how-much"]) + "?start=2026-10&end=2026-10"
    )
    assert "Mother declined" not in how_much.text and org.amy.case_id not in how_much.text
    assert "the managers of the teams and PSQA read them" in how_much.text
    psqa = client_for(org.pat).get(
        reverse("analytics:question", args=["how-well"]) + "?start=2026-10&end=2026-10"
    )
    assert "/audits/?" in psqa.text


def test_the_director_reads_the_surveys_results_and_the_families_words(org, director, client_for):
    today = timezone.localdate()
    survey_round = survey_services.survey_round_open(
        actor=org.pat, name="Survey 2026", opens_on=today, closes_on=today + timedelta(days=13),
        services=[org.service_a, org.service_b], statements=[t for _, t in FAMILY_STATEMENTS],
        families_per_team=10,
    )  # fmt: skip
    survey_services.survey_call_record(
        actor=org.pat, call=SurveyCall.objects.get(child=org.dan), outcome=CallOutcome.AGREED,
        ratings={1: 5}, comment="The worker came when she said.",
    )  # fmt: skip
    survey_services.survey_round_close(survey_round=survey_round)
    client = client_for(director)
    assert client.get(reverse("survey:index")).status_code == 200
    results = client.get(reverse("survey:results", args=[survey_round.pk]))
    assert results.status_code == 200 and "The worker came when she said." in results.text


def test_the_director_reads_every_published_qa_report_and_monthly_report(org, director, client_for):
    report = qa_services.qa_report_draft(
        actor=org.pat, start=date(2026, 7, 1), end=date(2026, 9, 1), service=org.service_b
    )
    client = client_for(director)
    assert client.get(report.get_absolute_url()).status_code == 404  # a draft is PSQA's
    for field in ("themes", "key_learning", "recommendations", "impact"):
        setattr(report, field, "Written.")
    report.save()
    qa_services.qa_report_publish(actor=org.pat, report=report)
    assert client.get(report.get_absolute_url()).status_code == 200
    assert client.get(reverse("dashboard:reports")).status_code == 200


def test_the_director_audits_during_practice_week_only(org, director):
    """Found by a probe: business support could allocate the Director a routine audit, which
    then showed them the child's case file."""
    from django.core.exceptions import ValidationError

    from audits import services as audit_services
    from audits.access import auditor_problem

    assert "audits during Practice Week only" in auditor_problem(director, org.amy, "routine")
    with pytest.raises(ValidationError, match="audits during Practice Week only"):
        audit_services.audit_allocate(actor=org.bella, child=org.amy, auditor=director)
    assert auditor_problem(director, org.amy, "practice_week") is None
    assert auditor_problem(org.tariq, org.amy, "routine") is None  # a manager audits any kind


def test_the_director_reads_what_moderation_tells_us(org, director, client_for):
    page = client_for(director).get(reverse("moderation:insights"))
    assert page.status_code == 200 and "Back to the audit results" in page.text
    assert client_for(director).get(reverse("moderation:sample")).status_code == 404


def test_the_directors_audits_page_says_where_the_directorates_audits_are(
    org, director, client_for, completed_audit
):
    """Outside Practice Week the Director has no audits to list: the page says so and points to
    the audit results, rather than 'There are no audits yet' under a panel of filters."""
    page = client_for(director).get(reverse("audits:allocations")).content.decode()
    assert "You have no audits to do" in page and "There are no audits yet" not in page
    assert reverse("analytics:question", args=["how-well"]) in page
    assert 'name="service"' not in page  # no filters over nothing
    # A team manager with audits in scope still has the filters.
    assert (
        'name="service"' in client_for(org.tom).get(reverse("audits:allocations")).content.decode()
    )
