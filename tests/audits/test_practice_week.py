"""Practice Week: scheduling, bulk allocation, observations, partner professionals, the report.

Pat (PSQA) and Pria (Principal Social Worker) lead it. Tom manages team A and Tariq team B: each
audits the other team's cases. Alice (practitioner, team A) reads published reports only.
"""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audits import services as audit_services
from audits import tasks
from audits.models import (
    Audit,
    AuditKind,
    Observation,
    ObservationKind,
    PracticeObservation,
    PracticeWeek,
)
from audits.practice_week import selectors, services
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import RoleCode
from tests.factories import ChildFactory, TeamFactory, UserFactory
from tests.helpers import assert_tagged_pdf, drawn_by_the_worker

TODAY = timezone.localdate()


@pytest.fixture
def pria(org):
    return UserFactory(
        username="pria", first_name="Pria", last_name="Prince",
        roles=[RoleCode.PRINCIPAL_SOCIAL_WORKER],
    )  # fmt: skip


@pytest.fixture
def week(org, pria):
    return services.practice_week_schedule(
        actor=pria, starts_on=TODAY, ends_on=TODAY + timedelta(days=4), theme="Voice of the child",
        principal_social_worker=pria,
    )  # fmt: skip


def observe(actor, week, observer, observed, **extra):
    return services.observation_record(
        actor=actor, week=week, audit=extra.pop("audit", None),
        kind=ObservationKind.DIRECT_WORK, observer=observer, observed=observed,
        observed_on=TODAY, what_was_seen="A home visit", worked_well=extra.pop("well", "Warm"),
        to_develop=extra.pop("develop", "Use the three houses"),
    )  # fmt: skip


@pytest.mark.parametrize(
    "starts, ends, field, message",
    [
        (-1, 3, "starts_on", "today or in the future"),
        (0, -1, "ends_on", "same as or after the first day"),
        (0, 9, "ends_on", "within 7 days"),
    ],
)
def test_a_wrong_week_is_refused(org, pria, starts, ends, field, message):
    with pytest.raises(ValidationError) as refused:
        services.practice_week_schedule(
            actor=org.pat, starts_on=TODAY + timedelta(days=starts),
            ends_on=TODAY + timedelta(days=ends),
        )  # fmt: skip
    assert message in " ".join(refused.value.message_dict[field])
    assert not PracticeWeek.objects.exists()


def test_only_the_leads_schedule_a_week(org):
    with pytest.raises(PermissionDenied):
        services.practice_week_schedule(actor=org.tom, starts_on=TODAY, ends_on=TODAY)


def test_the_proposal_spreads_cases_and_never_gives_an_auditor_their_own_team(org, audit):
    """Amy has an audit in progress: she is left out. Tom (team A) can only audit Dan (team B);
    Tariq (team B) one of Ben and Cara (team A)."""
    ChildFactory(team=org.team_b, allocated_worker=org.priya, is_open=False)
    pairs = selectors.proposal(auditors=[org.tom, org.tariq], per_auditor=1)
    assert len(pairs) == 2
    by_auditor = {auditor: child for child, auditor in pairs}
    assert by_auditor[org.tom] == org.dan
    assert by_auditor[org.tariq] in (org.ben, org.cara)
    assert all(child.team_id != auditor.team_id for child, auditor in pairs)


def test_the_proposal_takes_each_teams_share_in_proportion_to_its_open_cases(org):
    """Team A has 9 open cases, team B 3: of 4 proposed, 3 come from A and 1 from B, whoever is
    drawn within each."""
    for _ in range(6):
        ChildFactory(team=org.team_a, allocated_worker=org.alice)
    for _ in range(2):
        ChildFactory(team=org.team_b, allocated_worker=org.priya)
    team_c = TeamFactory(name="Court", service=org.service_b)
    cora = UserFactory(username="cora", team=team_c, roles=[RoleCode.TEAM_MANAGER])
    team_c.managers.add(cora)
    for _ in range(5):
        pairs = selectors.proposal(auditors=[cora], per_auditor=4)
        teams = sorted(child.team.name for child, _ in pairs)
        assert teams == ["Assessment", "Assessment", "Assessment", "Care"]


def test_a_week_scheduled_by_the_principal_social_worker_is_led_by_them_and_psqa(
    org, pria, client_for
):
    week = services.practice_week_schedule(
        actor=pria, starts_on=TODAY, ends_on=TODAY + timedelta(days=4)
    )
    assert week.principal_social_worker == pria
    page = client_for(org.pat).get(week.get_absolute_url()).text
    assert "Pria Prince (Principal Social Worker) and the PSQA team" in page
    # PSQA scheduling the next leave it to the only Principal Social Worker there is.
    later = services.practice_week_schedule(
        actor=org.pat, starts_on=TODAY + timedelta(days=7), ends_on=TODAY + timedelta(days=11)
    )
    assert later.principal_social_worker == pria


def test_allocation_is_all_or_none_and_makes_practice_week_audits(org, week, audit):
    with pytest.raises(ValidationError) as refused:
        services.practice_week_allocate(
            actor=org.pat, week=week, pairs=[(org.dan, org.tom), (org.amy, org.tom)]
        )
    assert (
        "Case 1000001" in refused.value.messages[0] and "in progress" in refused.value.messages[0]
    )
    assert not Audit.objects.filter(practice_week=week).exists()
    with pytest.raises(ValidationError, match="the child's own team"):
        services.practice_week_allocate(actor=org.pat, week=week, pairs=[(org.ben, org.tom)])

    allocated = services.practice_week_allocate(
        actor=org.pat, week=week, pairs=[(org.dan, org.tom), (org.ben, org.tariq)]
    )
    assert {(a.kind, a.practice_week_id) for a in allocated} == {(AuditKind.PRACTICE_WEEK, week.pk)}
    assert {a.practice_observation for a in allocated} == {PracticeObservation.REQUIRED}
    assert Notification.objects.filter(
        template="audit-allocated-auditor", recipient=org.tom
    ).exists()
    with pytest.raises(PermissionDenied):
        services.practice_week_allocate(actor=org.tom, week=week, pairs=[(org.cara, org.tariq)])


def test_allocating_from_the_pages(org, week, client_for, pria):
    url = reverse("practice_week:allocate", args=[week.pk])
    proposal = client_for(pria).post(
        url, {"step": "propose", "auditors": [org.tom.pk, org.tariq.pk], "per_auditor": "1"}
    )
    assert "Check the allocation" in proposal.text
    assert "2 cases from across the teams" in proposal.text
    assert "Case 2000001" in proposal.text or "2000001" in proposal.text
    form = proposal.context["form"]
    data = {"step": "confirm", "children": form.initial["children"],
            "auditors": form.initial["auditors"]}  # fmt: skip
    for child in form.cases:
        data[f"auditor_{child.pk}"] = str(form.fields[f"auditor_{child.pk}"].initial)
    data[f"auditor_{org.dan.pk}"] = str(org.tariq.pk)  # changed: Tariq is in Dan's team
    refused = client_for(pria).post(url, data)
    assert "own team: choose an auditor from another team" in refused.text
    assert not Audit.objects.exists()
    data[f"auditor_{org.dan.pk}"] = str(org.tom.pk)
    done = client_for(pria).post(url, data, follow=True)
    assert "2 audits are allocated" in done.text
    assert Audit.objects.filter(practice_week=week).count() == 2
    assert client_for(org.tom).get(url).status_code == 404


def test_observations_are_the_observers_and_the_observed(org, week, client_for):
    mine = observe(org.tom, week, org.tom, org.priya)
    with pytest.raises(ValidationError, match="you made yourself"):
        observe(org.tom, week, org.tariq, org.priya)
    with pytest.raises(PermissionDenied):
        observe(org.alice, week, org.alice, org.priya)
    week.starts_on = TODAY + timedelta(days=1)
    with pytest.raises(ValidationError, match="The date observed must be in"):
        observe(org.tom, week, org.tom, org.priya)
    week.published_at = timezone.now()
    with pytest.raises(ValidationError, match="is published"):
        observe(org.tom, week, org.tom, org.priya)
    url = reverse("practice_week:observation", args=[mine.pk])
    for person in (org.tom, org.priya, org.pat):
        assert "A home visit" in client_for(person).get(url).text
    for person in (org.tariq, org.alice):
        assert client_for(person).get(url).status_code == 404
    index = client_for(org.priya).get(reverse("practice_week:index")).text
    assert "Observations by you or of you" in index and url in index
    assert url not in client_for(org.alice).get(reverse("practice_week:index")).text


def test_partner_professionals_on_a_multi_agency_audit(org, client_for):
    audit = audit_services.audit_allocate(
        actor=org.bella, child=org.dan, auditor=org.tom, kind=AuditKind.MULTI_AGENCY
    )
    data = {"name": "Sue Green", "agency": "School: safeguarding lead",
            "contacted_on_0": TODAY.day, "contacted_on_1": TODAY.month,
            "contacted_on_2": TODAY.year, "learned": "Attendance is up since the plan."}  # fmt: skip
    url = reverse("audits:partners", args=[audit.pk])
    assert client_for(org.tom).post(url, {**data, "learned": ""}).status_code == 200
    client_for(org.tom).post(url, data)
    page = client_for(org.tom).get(reverse("audits:detail", args=[audit.pk]))
    assert "Sue Green, School: safeguarding lead" in page.text
    assert "Attendance is up since the plan." in page.text
    pdf = client_for(org.tom).get(reverse("audits:pdf", args=[audit.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf))).pages)
    assert "partner professionals" in text and "Sue Green" in text
    assert client_for(org.priya).get(url).status_code == 403  # she reads it, may not add
    assert client_for(org.alice).get(url).status_code == 404  # not her case
    routine = audit_services.audit_allocate(actor=org.bella, child=org.ben, auditor=org.tariq)
    assert (
        client_for(org.tariq).get(reverse("audits:partners", args=[routine.pk])).status_code == 403
    )


def test_the_report_is_drafted_finished_published_and_kept(
    org, week, client_for, pria, monkeypatch, django_capture_on_commit_callbacks
):
    observe(pria, week, org.tom, org.priya, well="Lovely direct work", develop="Write it up sooner")
    draft = client_for(pria).get(reverse("practice_week:report", args=[week.pk]))
    assert "Lovely direct work" in draft.text and "Write it up sooner" in draft.text
    with pytest.raises(ValidationError, match="once the week has ended"):
        services.practice_week_publish(actor=pria, week=week)
    PracticeWeek.objects.filter(pk=week.pk).update(  # the week is over
        starts_on=TODAY - timedelta(days=5), ends_on=TODAY - timedelta(days=1)
    )
    week.refresh_from_db()
    with pytest.raises(ValidationError, match="Write the key learning"):
        services.practice_week_publish(actor=pria, week=week)
    week = services.practice_week_write_up(
        actor=pria, week=week, version=week.version, key_learning="Children are heard.",
        working_well="Direct work.", areas_of_development="Recording.",
    )  # fmt: skip
    week = drawn_by_the_worker(
        monkeypatch, django_capture_on_commit_callbacks,
        lambda: services.practice_week_publish(actor=org.pat, week=week),
    )  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(week.pdf)).pages)
    assert_tagged_pdf(week.pdf, "Practice Week")
    assert "Children are heard." in text and "Observations: Direct" in text
    with pytest.raises(ValidationError, match="published"):
        services.practice_week_write_up(
            actor=pria, week=week, version=week.version, key_learning="Changed",
            working_well="", areas_of_development="",
        )  # fmt: skip
    pdf = client_for(org.alice).get(reverse("practice_week:pdf", args=[week.pk]))
    assert b"".join(pdf) == bytes(week.pdf)
    emailed = set(
        Notification.objects.filter(template="practice-week-report").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"alice", "tom", "hana", "dee", "pria", "pat"} <= emailed
    assert "bella" not in emailed


def test_the_leads_are_reminded_a_month_before_the_next_is_due(org, pria):
    last = PracticeWeek.objects.create(
        starts_on=TODAY - timedelta(days=120), ends_on=TODAY - timedelta(days=116),
        scheduled_by=org.pat,
    )  # fmt: skip
    assert tasks.remind_to_schedule_practice_week(today=TODAY.isoformat()) == 0
    later = (last.starts_on + timedelta(days=160)).isoformat()
    assert tasks.remind_to_schedule_practice_week(today=later) == 2  # Pat and Pria
    assert tasks.remind_to_schedule_practice_week(today=later) == 0
    (email, _) = Notification.objects.filter(template="practice-week-schedule-next")
    assert "Schedule the next Practice Week" in email.subject


def test_practice_week_pages_by_role(org, week, client_for, django_assert_max_num_queries):
    assert client_for(org.tom).get(reverse("practice_week:schedule")).status_code == 403
    assert (
        client_for(org.tom).get(reverse("practice_week:detail", args=[week.pk])).status_code == 404
    )
    assert client_for(org.bella).get(reverse("practice_week:index")).status_code == 403
    index = client_for(org.alice).get(reverse("practice_week:index"))
    assert "No Practice Week report has been published yet" in index.text
    pat = client_for(org.pat)
    pat.get(reverse("home"))
    with django_assert_max_num_queries(12) as first:
        pat.get(reverse("practice_week:index"))
    for n in range(1, 4):
        PracticeWeek.objects.create(
            starts_on=TODAY + timedelta(days=30 * n), ends_on=TODAY + timedelta(days=30 * n),
            scheduled_by=org.pat,
        )  # fmt: skip
    with django_assert_max_num_queries(len(first.captured_queries)):
        pat.get(reverse("practice_week:index"))
    assert Observation.objects.count() == 0


def test_the_principal_social_worker_reads_the_weeks_audits_and_no_others(
    org, week, pria, client_for
):
    (in_week,) = services.practice_week_allocate(actor=pria, week=week, pairs=[(org.dan, org.tom)])
    routine = audit_services.audit_allocate(actor=org.bella, child=org.ben, auditor=org.tariq)
    assert client_for(pria).get(reverse("audits:detail", args=[in_week.pk])).status_code == 200
    assert client_for(pria).get(reverse("audits:detail", args=[routine.pk])).status_code == 404


def test_the_leads_home_page_shows_the_week_to_run_and_the_report_to_publish(
    org, week, client_for, pria
):
    home = client_for(pria).get(reverse("home")).text
    assert (
        "Practice Week" in home
        and str(week) in home
        and "No Practice Week is coming up" not in home
    )
    PracticeWeek.objects.filter(pk=week.pk).update(
        starts_on=TODAY - timedelta(days=5), ends_on=TODAY - timedelta(days=1)
    )
    home = client_for(pria).get(reverse("home")).text
    assert reverse("practice_week:report", args=[week.pk]) in home
    assert "No Practice Week is coming up" in home and "Schedule a Practice Week" in home
    assert "Schedule a Practice Week" not in client_for(org.tom).get(reverse("home")).text
