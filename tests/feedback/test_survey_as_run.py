"""The survey as the framework runs it: the call script and the consent on the call page, the
family's telephone number, results on fewer than 5 answers marked, and a round a year."""

import datetime

from django.urls import reverse
from django.utils import timezone

from feedback import statements
from feedback.models import SurveyCall, SurveyRound
from feedback.survey import selectors
from feedback.survey import services as survey_services

from ..audits.test_guidance import in_seed_in_order


def test_the_script_and_consent_are_the_frameworks_words():
    for line in statements.SURVEY_CALL_SCRIPT:
        assert in_seed_in_order(line), line
    assert in_seed_in_order(statements.SURVEY_CONSENT)


def test_fewer_than_5_answers_are_too_few_to_compare():
    assert selectors.StatementResult(1, "x", [1, 1, 1, 0, 0]).too_few
    assert not selectors.StatementResult(1, "x", [2, 1, 1, 1, 0]).too_few
    assert not selectors.StatementResult(1, "x", [0, 0, 0, 0, 0]).too_few  # none: nothing to say


def test_the_call_page_has_the_script_and_keeps_the_number(org, client_for):
    today = timezone.localdate()
    survey_round = survey_services.survey_round_open(
        actor=org.pat, name="Survey 2026", opens_on=today, closes_on=today + datetime.timedelta(days=13),
        services=[org.service_a, org.service_b], families_per_team=5,
        statements=[text for _, text in statements.FAMILY_STATEMENTS],
    )  # fmt: skip
    call = SurveyCall.objects.filter(round=survey_round).first()
    pat = client_for(org.pat)
    url = reverse("survey:call", args=[call.pk])
    page = pat.get(url).text
    assert "The parent/carer can decline to take part at any stage." in page
    assert "a hard copy of the survey" in page.lower()
    pat.post(url, {"outcome": "no_answer", "phone": "020 8303 7777"})
    call.refresh_from_db()
    assert (call.phone, call.attempts) == ("020 8303 7777", 1)
    assert "020 8303 7777" in pat.get(survey_round.get_absolute_url()).text
    pat.post(url, {"outcome": "no_answer", "phone": ""})  # a wrong number is taken away
    call.refresh_from_db()
    assert (call.phone, call.attempts) == ("", 2)


def test_psqa_are_told_when_the_next_yearly_round_is_due(org, client_for):
    home = client_for(org.pat).get(reverse("home"))
    assert home.context["survey_never"] is True
    assert "No survey round has been held yet" in home.text
    SurveyRound.objects.create(
        name="Survey 2025", opens_on=timezone.localdate() - datetime.timedelta(days=330),
        closes_on=timezone.localdate() - datetime.timedelta(days=316), statements=["x"] * 9,
        opened_by=org.pat, status="published", published_at=timezone.now(), families_per_team=5,
    )  # fmt: skip
    home = client_for(org.pat).get(reverse("home"))
    assert "the next round is due by" in home.text
