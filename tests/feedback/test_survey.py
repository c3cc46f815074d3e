"""The annual parent/carer survey: a round's life, its anonymity, its figures and its report.

Pat (PSQA) runs the survey. Hana (head of service A) and Dee (deputy director) read the results
and the families' words; Sam (service manager) and Tom (team manager) read the figures only;
Alice (practitioner) may print the paper copy but reads no results.
"""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bexley_qa.history import history_of
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import Child, User
from feedback import tasks
from feedback.models import (
    CallOutcome,
    RoundStatus,
    SurveyAnswer,
    SurveyCall,
    SurveyResponse,
    SurveyRound,
    SurveyTally,
)
from feedback.statements import FAMILY_STATEMENTS
from feedback.survey import selectors, services
from tests.factories import ChildFactory
from tests.helpers import assert_tagged_pdf, drawn_by_the_worker

TODAY = timezone.localdate()
STATEMENTS = [text for _, text in FAMILY_STATEMENTS]


def open_round(org, name="Survey 2026", per_team=10, **kwargs):
    return services.survey_round_open(
        actor=org.pat,
        name=name,
        opens_on=kwargs.pop("opens_on", TODAY),
        closes_on=kwargs.pop("closes_on", TODAY + timedelta(days=13)),
        services=kwargs.pop("services", [org.service_a, org.service_b]),
        statements=kwargs.pop("statements", STATEMENTS),
        families_per_team=per_team,
    )


def answer(org, call, ratings, **texts):
    return services.survey_call_record(
        actor=org.pat, call=call, outcome=CallOutcome.AGREED, ratings=ratings, **texts
    )


def test_opening_draws_each_teams_open_cases_and_asks_their_workers(org):
    ChildFactory(team=org.team_a, allocated_worker=org.alice, is_open=False)
    ChildFactory(team=org.team_a, allocated_worker=org.colleague)
    survey_round = open_round(org, per_team=3)
    calls = SurveyCall.objects.filter(round=survey_round)
    assert calls.filter(team=org.team_a).count() == 3  # three of team A's four open cases
    assert list(calls.filter(team=org.team_b).values_list("child", flat=True)) == [org.dan.pk]
    assert not calls.filter(child__is_open=False).exists()
    emails = Notification.objects.filter(template="survey-hand-over")
    assert {n.recipient for n in emails} == {c.worker for c in calls}
    for email in emails:
        assert "hand over the paper copy" in email.subject
        assert not any(c.last_name in email.subject for c in Child.objects.all())
        drawn = calls.filter(worker=email.recipient)
        assert all(c.child.case_id in email.body_text for c in drawn)
        assert reverse("survey:printable", args=[survey_round.pk]) in email.body_text


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"closes_on": TODAY - timedelta(days=1)}, "closes_on", "same as or after the first day"),
        ({"closes_on": TODAY + timedelta(days=40)}, "closes_on", "shorter than 28 days"),
        ({"services": []}, "services", "Select at least one service"),
        ({"statements": STATEMENTS[:8]}, "statements", "Enter all 9 statements"),
        ({"name": "survey 2025"}, "name", "already a round called"),
        ({"per_team": 2}, "families_per_team", "greater than or equal to 3"),
    ],
)
def test_a_wrong_round_is_refused_and_nothing_is_saved(org, change, field, message):
    open_round(org, name="Survey 2025")
    with pytest.raises(ValidationError) as refused:
        open_round(org, **{"name": "Survey 2026", **change})
    assert message in " ".join(refused.value.message_dict[field])
    assert SurveyRound.objects.count() == 1
    assert SurveyCall.objects.filter(round__name="Survey 2026").count() == 0


def test_only_psqa_open_a_round(org):
    with pytest.raises(PermissionDenied):
        services.survey_round_open(
            actor=org.hana, name="x", opens_on=TODAY, closes_on=TODAY, services=[org.service_a],
            statements=STATEMENTS, families_per_team=1,
        )  # fmt: skip


def test_an_answer_keeps_nothing_that_leads_back_to_the_family_or_the_worker(org):
    """A response holds the round, service, team and answers: no child, no person, no time, an id
    in no order; it is not in the change history; the call list (whose history says who recorded
    each outcome while the round is open, no more than the call itself does) is gone, history and
    all, once the round closes."""
    for model in (SurveyResponse, SurveyAnswer):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert not related & {Child, User}, model
        assert not any(f.get_internal_type() == "DateTimeField" for f in model._meta.fields)
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {
        "id", "round", "service", "team", "comment", "one_thing", "anything_else",
    }  # fmt: skip
    tracked = {m.__name__ for m in apps.get_models()}
    assert not {"SurveyResponseHistory", "SurveyAnswerHistory"} & tracked

    survey_round = open_round(org)
    call = SurveyCall.objects.get(round=survey_round, child=org.dan)
    answer(org, call, {1: 5}, comment="Priya really listens.")
    assert services.survey_round_close(survey_round=survey_round)
    assert not SurveyCall.objects.exists()
    assert not history_of(SurveyCall).objects.exists()
    response = SurveyResponse.objects.get()
    assert (response.service, response.team) == (org.service_b, org.team_b)
    survey_round.refresh_from_db()
    assert survey_round.calls_deleted == 4


def test_declining_at_any_stage_keeps_none_of_their_answers(org):
    survey_round = open_round(org)
    call = SurveyCall.objects.get(round=survey_round, child=org.amy)
    services.survey_call_record(
        actor=org.pat, call=call, outcome=CallOutcome.DECLINED,
        ratings={1: 5, 2: 4}, comment="Started, then stopped",
    )  # fmt: skip
    call.refresh_from_db()
    assert call.outcome == CallOutcome.DECLINED
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
    with pytest.raises(ValidationError, match="already recorded"):
        answer(org, call, {1: 5})


def test_no_answer_can_be_called_again_and_an_empty_agreement_is_refused(org):
    survey_round = open_round(org)
    call = SurveyCall.objects.get(round=survey_round, child=org.ben)
    services.survey_call_record(actor=org.pat, call=call, outcome=CallOutcome.NO_ANSWER)
    with pytest.raises(ValidationError, match="Enter their answers"):
        answer(org, call, dict.fromkeys(range(1, 10)))
    answer(org, call, {3: 2})
    call.refresh_from_db()
    assert (call.outcome, call.attempts) == (CallOutcome.AGREED, 2)
    assert list(SurveyAnswer.objects.values_list("statement", "rating")) == [(3, 2)]


def test_a_round_closes_on_its_own_after_its_last_day_once(org):
    survey_round = open_round(org, closes_on=TODAY + timedelta(days=13))
    answer(org, SurveyCall.objects.get(child=org.amy), {1: 4})
    ben = SurveyCall.objects.get(child=org.ben)
    last_day = (TODAY + timedelta(days=13)).isoformat()
    assert tasks.close_survey_rounds(today=last_day) == 0
    after = (TODAY + timedelta(days=14)).isoformat()
    assert tasks.close_survey_rounds(today=after) == 1
    assert tasks.close_survey_rounds(today=after) == 0
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.CLOSED
    tally = SurveyTally.objects.get(round=survey_round, team=org.team_a)
    assert (tally.drawn, tally.agreed, tally.not_called) == (3, 1, 2)
    (email,) = Notification.objects.filter(template="survey-round-closed")
    assert email.recipient == org.pat and "1 response" in email.subject
    with pytest.raises(ValidationError, match="closed"):
        services.survey_call_record(actor=org.pat, call=ben, outcome="declined")


def test_figures_on_crafted_data_round_on_round(org):
    """Round 1: four families rate statement 1 strongly agree, agree, neither, strongly disagree
    (50% agree); round 2: strongly agree, strongly agree, agree, disagree (75%): up 25 points."""
    first = open_round(org, name="Survey 2025", opens_on=TODAY - timedelta(days=1))
    calls = list(SurveyCall.objects.filter(round=first).order_by("child__case_id"))
    for call, rating in zip(calls, [5, 4, 3, 1], strict=True):
        answer(org, call, {1: rating, 2: 4})
    services.survey_round_close(survey_round=first)
    first.refresh_from_db()
    services.survey_round_write_up(
        actor=org.pat, survey_round=first, recommendations="Listen more.",
        actions_agreed="Training on listening.", version=first.version,
    )  # fmt: skip
    services.survey_round_publish(actor=org.pat, survey_round=first)

    second = open_round(org, name="Survey 2026")
    calls = list(SurveyCall.objects.filter(round=second).order_by("child__case_id"))
    for call, rating in zip(calls[:3], [5, 5, 4], strict=True):
        answer(org, call, {1: rating})
    answer(org, calls[3], {1: 2}, one_thing="Call back when you say you will")

    results = selectors.statement_results(second)
    assert results[0].counts == [2, 1, 0, 1, 0] and results[0].agreement == 75
    assert results[1].answered == 0 and results[1].agreement is None
    services_rates, overall = selectors.response_rates(second)
    assert (overall.drawn, overall.responses, overall.rate) == (4, 4, 100)
    assert [(s.total.name, s.total.rate) for s in services_rates] == [
        ("Service A", 100), ("Service B", 100),
    ]  # fmt: skip
    compared = selectors.comparison(second, SurveyRound.objects.all())
    assert [r.name for r in compared.rounds] == ["Survey 2025", "Survey 2026"]
    assert compared.shares[1] == [50, 75] and compared.shares[2] == [100, None]
    assert compared.responses == [4, 4]
    assert selectors.previous_round(second, SurveyRound.objects.all()) == first
    assert selectors.comments(second) == [
        {"comment": "", "one_thing": "Call back when you say you will", "anything_else": ""},
    ]  # fmt: skip


def test_a_round_with_no_calls_or_no_write_up_is_not_published(org):
    survey_round = open_round(org)
    services.survey_round_close(survey_round=survey_round)
    survey_round.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.survey_round_publish(actor=org.pat, survey_round=survey_round)
    assert refused.value.messages == [
        "No family was called in this round, so there is nothing to report",
        "Write the recommendations to the senior management team before publishing",
    ]
    survey_round.refresh_from_db()
    assert not survey_round.is_published and survey_round.pdf is None


def test_a_published_report_is_kept_as_it_was_and_cannot_be_changed(
    org, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    survey_round = open_round(org)
    answer(org, SurveyCall.objects.get(child=org.dan), {1: 5}, comment="Thank you")
    services.survey_round_close(survey_round=survey_round)
    survey_round.refresh_from_db()
    services.survey_round_write_up(
        actor=org.pat, survey_round=survey_round, recommendations="Visit when we say.",
        actions_agreed="", version=survey_round.version,
    )  # fmt: skip
    survey_round = drawn_by_the_worker(
        monkeypatch, django_capture_on_commit_callbacks,
        lambda: services.survey_round_publish(actor=org.pat, survey_round=survey_round),
    )  # fmt: skip
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(survey_round.pdf)).pages)
    assert_tagged_pdf(survey_round.pdf, "Parent/carer survey")
    assert "Survey 2026" in text and "Thank you" in text and "Response rate" in text
    with pytest.raises(ValidationError, match="published"):
        services.survey_round_write_up(
            actor=org.pat, survey_round=survey_round, recommendations="x", actions_agreed="",
            version=survey_round.version,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="already published"):
        services.survey_round_publish(actor=org.pat, survey_round=survey_round)
    response = client_for(org.hana).get(reverse("survey:pdf", args=[survey_round.pk]))
    assert b"".join(response) == bytes(survey_round.pdf)
    emailed = set(
        Notification.objects.filter(template="survey-round-published").values_list(
            "recipient", flat=True
        )
    )
    assert emailed == {org.hana.pk, org.dee.pk, org.pat.pk}


def test_a_stale_write_up_changes_nothing(org):
    survey_round = open_round(org)
    services.survey_round_close(survey_round=survey_round)
    survey_round.refresh_from_db()
    services.survey_round_write_up(
        actor=org.pat, survey_round=survey_round, recommendations="Mine", actions_agreed="",
        version=survey_round.version,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Someone else saved this"):
        services.survey_round_write_up(
            actor=org.pat, survey_round=survey_round, recommendations="Theirs",
            actions_agreed="", version=survey_round.version,
        )  # fmt: skip
    survey_round.refresh_from_db()
    assert survey_round.recommendations == "Mine"
