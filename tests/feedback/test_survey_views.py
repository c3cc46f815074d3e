"""The survey's pages: who reaches what, and what a call's form does.

Pat (PSQA) sees every round and the call list; Hana (head of service) and Dee (deputy director)
read closed rounds' results and the families' words; Sam (service manager) and Tom (team
manager) the figures only; Alice (practitioner) and Bella (business support) no results.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import CallOutcome, SurveyCall, SurveyResponse, SurveyRound
from feedback.statements import FAMILY_STATEMENTS
from feedback.survey import services
from tests.factories import ChildFactory
from tests.helpers import assert_tagged_pdf

TODAY = timezone.localdate()


@pytest.fixture
def survey_round(org):
    return services.survey_round_open(
        actor=org.pat, name="Survey 2026", opens_on=TODAY, closes_on=TODAY + timedelta(days=13),
        services=[org.service_a, org.service_b], statements=[t for _, t in FAMILY_STATEMENTS],
        families_per_team=10,
    )  # fmt: skip


@pytest.fixture
def closed(org, survey_round):
    call = SurveyCall.objects.get(child=org.dan)
    services.survey_call_record(
        actor=org.pat, call=call, outcome=CallOutcome.AGREED, ratings={1: 5},
        comment="The worker came when she said.",
    )  # fmt: skip
    services.survey_round_close(survey_round=survey_round)
    survey_round.refresh_from_db()
    return survey_round


def test_psqa_open_a_round_from_the_form(org, client_for):
    data = {
        "name": "Survey 2027", "opens_on_0": TODAY.day, "opens_on_1": TODAY.month,
        "opens_on_2": TODAY.year, "closes_on_0": TODAY.day, "closes_on_1": TODAY.month,
        "closes_on_2": TODAY.year, "services": [org.service_a.pk], "families_per_team": "5",
        **{f"statement_{n}": text for n, text in FAMILY_STATEMENTS},
    }  # fmt: skip
    response = client_for(org.pat).post(reverse("survey:new"), data, follow=True)
    assert "Survey 2027 is open: 3 families are on the call list" in response.text
    missing = client_for(org.pat).post(reverse("survey:new"), {**data, "name": "", "services": []})
    assert "Enter a name for the round" in missing.text
    assert "Select at least one service" in missing.text
    assert SurveyRound.objects.count() == 1


def test_only_psqa_open_a_round(org, client_for):
    assert client_for(org.hana).get(reverse("survey:new")).status_code == 403
    assert client_for(org.alice).get(reverse("survey:index")).status_code == 403
    assert client_for(org.bella).get(reverse("survey:index")).status_code == 403


def test_recording_a_call_from_its_page(org, client_for, survey_round):
    call = SurveyCall.objects.get(child=org.amy)
    url = reverse("survey:call", args=[call.pk])
    page = client_for(org.pat).get(url)
    assert "Record the call to the family of Amy Archer" in page.text
    assert FAMILY_STATEMENTS[6][1].replace("’", "&#x27;")[:40] in page.text.replace("’", "&#x27;")
    response = client_for(org.pat).post(
        url, {"outcome": "agreed", "rating_1": "5", "rating_9": "4", "one_thing": "More visits"},
        follow=True,
    )  # fmt: skip
    assert "their answers are saved, with no name" in response.text
    assert SurveyResponse.objects.get().one_thing == "More visits"
    again = client_for(org.pat).post(url, {"outcome": "declined"})
    assert "already recorded" in again.text


def test_the_call_list_and_calls_are_psqas_alone(org, client_for, survey_round):
    call = SurveyCall.objects.get(child=org.amy)
    for person in (org.hana, org.dee, org.tom, org.alice):
        assert client_for(person).get(reverse("survey:call", args=[call.pk])).status_code == 404
        assert (
            client_for(person).get(reverse("survey:round", args=[survey_round.pk])).status_code
            == 404
        )
    page = client_for(org.pat).get(reverse("survey:round", args=[survey_round.pk]))
    assert "Amy Archer" in page.text and "Dan Dale" in page.text


def test_families_words_are_for_psqa_and_senior_managers(org, client_for, closed):
    url = reverse("survey:results", args=[closed.pk])
    for person in (org.pat, org.hana, org.dee):
        assert "The worker came when she said." in client_for(person).get(url).text
    for person in (org.sam, org.tom):
        page = client_for(person).get(url)
        assert page.status_code == 200 and "Response rate by service and team" in page.text
        assert "The worker came when she said." not in page.text
        assert client_for(person).get(reverse("survey:pdf", args=[closed.pk])).status_code == 403
    assert client_for(org.alice).get(url).status_code == 404  # no round is hers to see


def test_once_closed_the_call_pages_are_gone(org, client_for, survey_round):
    call = SurveyCall.objects.get(child=org.amy)
    client_for(org.pat).post(reverse("survey:close", args=[survey_round.pk]))
    assert client_for(org.pat).get(reverse("survey:call", args=[call.pk])).status_code == 404
    assert not SurveyCall.objects.exists()


def test_publishing_from_the_confirmation_page(org, client_for, closed):
    page = client_for(org.pat).get(reverse("survey:publish", args=[closed.pk]))
    assert "No recommendations are written yet" in page.text
    refused = client_for(org.pat).post(reverse("survey:publish", args=[closed.pk]))
    assert "Write the recommendations to the senior management team" in refused.text
    services.survey_round_write_up(
        actor=org.pat, survey_round=closed, recommendations="Call back.", actions_agreed="",
        version=closed.version,
    )  # fmt: skip
    response = client_for(org.pat).post(reverse("survey:publish", args=[closed.pk]), follow=True)
    assert "The report is published" in response.text
    again = client_for(org.pat).post(reverse("survey:publish", args=[closed.pk]))
    assert "already published" in again.text
    write_up = client_for(org.pat).get(reverse("survey:write-up", args=[closed.pk]), follow=True)
    assert "it is kept as it is" in write_up.text


def test_the_paper_copy_is_for_staff_who_hand_it_over(org, client_for, survey_round):
    url = reverse("survey:printable", args=[survey_round.pk])
    response = client_for(org.alice).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert_tagged_pdf(response.content, "Parent/carer survey")
    assert client_for(org.bella).get(url).status_code == 403


def test_the_call_list_page_queries_stay_flat(
    org, client_for, survey_round, django_assert_max_num_queries
):
    url = reverse("survey:round", args=[survey_round.pk])
    pat = client_for(org.pat)
    pat.get(reverse("home"))  # signed in before counting
    with django_assert_max_num_queries(14) as first:
        pat.get(url)
    children = ChildFactory.create_batch(8, team=org.team_b, allocated_worker=org.priya)
    SurveyCall.objects.bulk_create(
        SurveyCall(round=survey_round, child=c, team=org.team_b, worker=org.priya) for c in children
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        pat.get(url)


def test_psqa_home_shows_families_to_call_then_the_report_to_publish(org, client_for, survey_round):
    home = client_for(org.pat).get(reverse("home")).text
    assert "Survey 2026</a>: 4 families to call" in home
    assert "Parent/carer survey" not in client_for(org.hana).get(reverse("home")).text
    services.survey_round_close(survey_round=survey_round)
    home = client_for(org.pat).get(reverse("home")).text
    assert "has closed: write the recommendations and publish its report" in home


def test_the_results_chart_names_each_statement_not_its_number(org, client_for, closed):
    import base64

    page = client_for(org.pat).get(reverse("survey:results", args=[closed.pk]))
    svg = base64.b64decode(page.context["agreement_chart"].split(",", 1)[1]).decode()
    assert "1. Listens to understand us" in svg and "9. Cares we solve problems" in svg
    assert "Statement 1" not in svg
