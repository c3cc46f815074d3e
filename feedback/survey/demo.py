"""The demo's parent/carer survey: last year's round, answered, written up and published, so a
round opened now has one to be compared with (registered with seed_demo in feedback/apps.py)."""

import random
from datetime import timedelta

from django.utils import timezone

from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import RoleCode, Service, User

from ..models import CallOutcome, SurveyRound
from ..statements import FAMILY_STATEMENTS
from . import services

FAMILIES_PER_TEAM = 4
COMMENTS = [
    ("My worker always calls back.", "", ""),
    ("", "Tell us sooner when the worker changes.", ""),
    ("The family meeting helped us all.", "More time with the children.", "Thank you."),
    ("", "Explain the plan in plainer words.", ""),
]


def seed_survey(**options) -> list[str]:
    psqa = User.objects.filter(username="psqa", role_grants__role=RoleCode.PSQA).first()
    if psqa is None or SurveyRound.objects.exists():
        return []
    today = timezone.localdate()
    rng = random.Random(2025)  # noqa: S311 - demo data, not secrets
    survey_round = services.survey_round_open(
        actor=psqa,
        name=f"Parent/carer survey {today.year - 1}",
        opens_on=today,
        closes_on=today + timedelta(days=13),
        services=list(Service.objects.all()),
        statements=[text for _, text in FAMILY_STATEMENTS],
        families_per_team=FAMILIES_PER_TEAM,
    )
    for n, call in enumerate(survey_round.calls.order_by("pk")):
        outcome = rng.choices(
            [CallOutcome.AGREED, CallOutcome.DECLINED, CallOutcome.NO_ANSWER], [6, 2, 2]
        )[0]
        comment, one_thing, anything_else = COMMENTS[n % len(COMMENTS)]
        services.survey_call_record(
            actor=psqa,
            call=call,
            outcome=outcome,
            ratings={s: rng.choices([5, 4, 3, 2, 1], [3, 4, 2, 1, 1])[0] for s in range(1, 10)},
            comment=comment,
            one_thing=one_thing,
            anything_else=anything_else,
        )
    services.survey_round_close(survey_round=survey_round)
    year_ago = today.replace(year=today.year - 1)
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        opens_on=year_ago, closes_on=year_ago + timedelta(days=13)
    )
    survey_round.refresh_from_db()
    survey_round = services.survey_round_write_up(
        actor=psqa,
        survey_round=survey_round,
        recommendations="Workers to agree with each family how and when they will keep in touch.",
        actions_agreed="Practice standard on keeping in touch, from the next quarter; "
        "team managers to check it in supervision.",
        version=survey_round.version,
    )
    services.survey_round_publish(actor=psqa, survey_round=survey_round)
    # Last year's emails were sent last year: none is waiting in this year's outbox.
    Notification.objects.filter(dedupe_key__startswith=f"survey:{survey_round.pk}:").delete()
    return [f"Parent/carer survey: {survey_round.name}, {survey_round.responses.count()} answers."]


def delete_survey() -> None:
    SurveyRound.objects.all().delete()
