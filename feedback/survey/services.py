"""Every write of the parent/carer survey: open a round (drawing its call list and asking the
workers to hand over the paper copy), record a call, close a round (deleting its call list),
write up the recommendations and actions, publish the report."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum, Window
from django.db.models.functions import Random, RowNumber
from django.utils import timezone

from bexley_qa import kept_pdfs
from bexley_qa.history import history_of
from bexley_qa.people.models import Child, Service, User

from .. import emails
from ..models import (
    CallOutcome,
    RoundStatus,
    SurveyAnswer,
    SurveyCall,
    SurveyResponse,
    SurveyRound,
    SurveyTally,
)
from . import selectors
from .access import can_run_survey
from .workflow import CLOSE, PUBLISH, WORKFLOW

logger = logging.getLogger(__name__)

STATEMENT_COUNT = 9
LONGEST_WINDOW_DAYS = 28
TEXT_ANSWERS = ("comment", "one_thing", "anything_else")


def _round_problems(*, name, opens_on, closes_on, services, statements) -> dict[str, str]:
    problems = {}
    if SurveyRound.objects.filter(name__iexact=name.strip()).exists():
        problems["name"] = f"There is already a round called {name.strip()}: choose another name"
    if opens_on and closes_on:
        if closes_on < opens_on:
            problems["closes_on"] = "The last day must be the same as or after the first day"
        elif (closes_on - opens_on).days >= LONGEST_WINDOW_DAYS:
            problems["closes_on"] = (
                f"The window must be shorter than {LONGEST_WINDOW_DAYS} days (the survey runs for two weeks)"
            )
        elif closes_on < timezone.localdate():
            problems["closes_on"] = "The last day must be today or in the future"
    if not services:
        problems["services"] = "Select at least one service"
    if len(statements) != STATEMENT_COUNT or not all(s.strip() for s in statements):
        problems["statements"] = f"Enter all {STATEMENT_COUNT} statements"
    return problems


def survey_round_open(
    *,
    actor: User,
    name: str,
    opens_on: date,
    closes_on: date,
    services: list[Service],
    statements: list[str],
    families_per_team: int,
) -> SurveyRound:
    """Open a round: draw up to `families_per_team` open cases at random from each team of the
    services, and email each worker the families to hand the paper copy to before PSQA phone."""
    can_run_survey.require(actor)
    statements = [s.strip() for s in statements]
    if problems := _round_problems(
        name=name, opens_on=opens_on, closes_on=closes_on, services=services, statements=statements
    ):
        raise ValidationError(problems)
    with transaction.atomic():
        survey_round = SurveyRound(
            name=name.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            statements=statements,
            families_per_team=families_per_team,
            opened_by=actor,
        )
        survey_round.full_clean()
        survey_round.save()
        survey_round.services.set(services)
        drawn = (
            Child.objects.filter(
                team__service__in=services,
                is_open=True,
                anonymised_at__isnull=True,
                allocated_worker__isnull=False,
            )
            .annotate(draw=Window(RowNumber(), partition_by=F("team_id"), order_by=Random()))
            .filter(draw__lte=families_per_team)
            .values_list("pk", "team_id", "allocated_worker_id")
        )
        SurveyCall.objects.bulk_create(
            SurveyCall(round=survey_round, child_id=child, team_id=team, worker_id=worker)
            for child, team, worker in drawn
        )
        _queue_worker_emails(survey_round)
    return survey_round


def _queue_worker_emails(survey_round: SurveyRound) -> int:
    calls = survey_round.calls.select_related("child", "worker").order_by(
        "worker_id", "child__last_name", "child__first_name"
    )
    by_worker: dict[User, list[Child]] = {}
    for call in calls:
        by_worker.setdefault(call.worker, []).append(call.child)
    return sum(
        emails.queue_hand_over(survey_round, worker, children)
        for worker, children in by_worker.items()
    )


def survey_call_record(
    *,
    actor: User,
    call: SurveyCall,
    outcome: str,
    ratings: dict[int, int | None] | None = None,
    comment: str = "",
    one_thing: str = "",
    anything_else: str = "",
    phone: str | None = None,
) -> SurveyCall:
    """Record a call. Agreed: the answers are saved as a response that names no one. Declined
    (at any stage, even part-way through) or no answer: nothing they said is kept."""
    can_run_survey.require(actor)
    ratings = {n: r for n, r in (ratings or {}).items() if r}
    texts = {"comment": comment.strip(), "one_thing": one_thing.strip()}
    texts["anything_else"] = anything_else.strip()
    with transaction.atomic():
        call = (
            SurveyCall.objects.select_for_update()
            .select_related("round", "team")
            .filter(pk=call.pk)
            .first()
        )
        if call is None or not call.round.is_open:
            raise ValidationError({"outcome": "The round has closed: its call list is gone"})
        if call.is_finished:
            raise ValidationError(
                {"outcome": f"This call is already recorded ({call.get_outcome_display()})"}
            )
        if outcome not in (CallOutcome.AGREED, CallOutcome.DECLINED, CallOutcome.NO_ANSWER):
            raise ValidationError({"outcome": "Select what happened on the call"})
        if outcome == CallOutcome.AGREED:
            if not ratings and not any(texts.values()):
                raise ValidationError(
                    {"outcome": "Enter their answers, or record that they declined"}
                )
            response = SurveyResponse(
                round=call.round, service_id=call.team.service_id, team=call.team, **texts
            )
            response.full_clean()
            response.save()
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(response=response, statement=n, rating=r)
                for n, r in sorted(ratings.items())
            )
        call.outcome = outcome
        call.attempts += 1
        if phone is not None:  # as the caller left it: corrected, or cleared when wrong
            call.phone = phone.strip()
        call.recorded_by = actor
        call.recorded_at = timezone.now()
        call.save()
    return call


def survey_round_close(*, survey_round: SurveyRound) -> bool:
    """Close an open round: count each team's calls, delete the call list (logged) and tell PSQA.
    False when it was already closed (a rerun does nothing)."""
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if not survey_round.is_open:
            return False
        SurveyTally.objects.bulk_create(
            SurveyTally(round=survey_round, **row) for row in selectors.call_counts(survey_round)
        )
        deleted = survey_round.calls.all().delete()[1].get(SurveyCall._meta.label, 0)
        # The calls' history goes with them (it names each family called): the call list is gone.
        history_of(SurveyCall).objects.filter(round=survey_round).delete()
        WORKFLOW.move(survey_round, CLOSE, closed_at=timezone.now(), calls_deleted=deleted)
        logger.info(
            "Survey round %s closed: its call list of %s families deleted", survey_round.pk, deleted
        )
        emails.queue_round_closed(survey_round)
    return True


def survey_rounds_close_due(*, today: date | None = None) -> int:
    """Close every open round whose last day has passed; returns how many closed now."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today)
    return sum(survey_round_close(survey_round=r) for r in due)


def survey_round_close_now(*, actor: User, survey_round: SurveyRound) -> SurveyRound:
    """PSQA close a round before its last day (every family called, say)."""
    can_run_survey.require(actor)
    if not survey_round_close(survey_round=survey_round):
        raise ValidationError("The round is already closed")
    return survey_round


def survey_round_write_up(
    *,
    actor: User,
    survey_round: SurveyRound,
    recommendations: str,
    actions_agreed: str,
    version: int,
) -> SurveyRound:
    """PSQA record the recommendations and the actions agreed at SMT, before publishing."""
    can_run_survey.require(actor)
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if survey_round.is_published:
            raise ValidationError(
                {"recommendations": "The round's report is published: it cannot be changed"}
            )
        if survey_round.is_open:
            raise ValidationError(
                {"recommendations": "Write the recommendations once the round has closed"}
            )
        if version != survey_round.version:
            raise ValidationError(
                {
                    "recommendations": "Someone else saved this since you opened it: "
                    "reload the page to see their words, then make your changes again"
                }
            )
        survey_round.recommendations = recommendations.strip()
        survey_round.actions_agreed = actions_agreed.strip()
        survey_round.version += 1
        survey_round.full_clean()
        survey_round.save()
    return survey_round


def survey_round_publish(*, actor: User, survey_round: SurveyRound) -> SurveyRound:
    """Publish a closed round's report: its PDF made once and kept unchanged; the senior
    managers are emailed a link."""
    can_run_survey.require(actor)
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        if survey_round.status != RoundStatus.CLOSED:
            raise ValidationError(
                "The round's report is already published"
                if survey_round.is_published
                else "The round is still open: publish its report once it has closed"
            )
        problems = []
        called = survey_round.tallies.aggregate(
            n=Sum(F("agreed") + F("declined") + F("no_answer"), default=0)
        )["n"]
        if not called:
            problems.append("No family was called in this round, so there is nothing to report")
        if not survey_round.recommendations.strip():
            problems.append(
                "Write the recommendations to the senior management team before publishing"
            )
        if problems:
            raise ValidationError(problems)
        WORKFLOW.move(survey_round, PUBLISH, published_at=timezone.now(), published_by=actor)
        kept_pdfs.draw_when_committed(survey_round)  # by the worker: drawing takes seconds
        emails.queue_round_published(survey_round)
    return survey_round
