"""The survey's figures, counted in SQL: response rates by service and team, each statement's
distribution and agreement share, the comparison round on round, and the families' words."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from bexley_qa import workdays
from bexley_qa.people.models import Team

from ..models import (
    CallOutcome,
    RoundStatus,
    SurveyAnswer,
    SurveyCall,
    SurveyRating,
    SurveyResponse,
    SurveyRound,
    SurveyTally,
)

AGREE = (SurveyRating.STRONGLY_AGREE, SurveyRating.AGREE)
RATINGS = [r for r, _ in SurveyRating.choices]  # strongly agree first, as on the paper copy
ROUNDS_COMPARED = 5


# A statement answered by fewer families than this is marked as too few to compare.
TOO_FEW = 5


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Rate:
    """A team's (or a service's, or the round's) calls and responses."""

    name: str
    drawn: int = 0
    responses: int = 0
    declined: int = 0
    no_answer: int = 0
    not_called: int = 0

    @property
    def rate(self) -> int | None:
        return percent(self.responses, self.drawn)

    def add(self, other: "Rate") -> None:
        for name in ("drawn", "responses", "declined", "no_answer", "not_called"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ServiceRates:
    total: Rate
    teams: list[Rate] = field(default_factory=list)


def call_counts(survey_round: SurveyRound):
    """Each team's calls on the round's call list, by outcome (the rows of a SurveyTally)."""
    return (
        SurveyCall.objects.filter(round=survey_round)
        .values("team_id")
        .annotate(
            drawn=Count("pk"),
            agreed=Count("pk", filter=Q(outcome=CallOutcome.AGREED)),
            declined=Count("pk", filter=Q(outcome=CallOutcome.DECLINED)),
            no_answer=Count("pk", filter=Q(outcome=CallOutcome.NO_ANSWER)),
            not_called=Count("pk", filter=Q(outcome=CallOutcome.TO_CALL)),
        )
        .order_by("team_id")
    )


def response_rates(survey_round: SurveyRound) -> tuple[list[ServiceRates], Rate]:
    """By service and team: families drawn, responses, declined, no answer, not called. From the
    call list while the round is open, from the tallies kept when it closed."""
    if survey_round.status == RoundStatus.OPEN:
        rows = call_counts(survey_round)
    else:
        rows = SurveyTally.objects.filter(round=survey_round).values(
            "team_id", "drawn", "agreed", "declined", "no_answer", "not_called"
        )
    by_team = {row["team_id"]: row for row in rows}
    responses = dict(
        SurveyResponse.objects.filter(round=survey_round)
        .values_list("team_id")
        .annotate(n=Count("pk"))
    )
    teams = Team.objects.filter(pk__in=by_team.keys() | responses.keys()).select_related("service")
    services: dict[int, ServiceRates] = {}
    overall = Rate("All services")
    for team in sorted(teams, key=lambda t: (t.service.name, t.name)):
        row = by_team.get(team.pk, {})
        rate = Rate(
            team.name,
            drawn=row.get("drawn", 0),
            responses=responses.get(team.pk, 0),
            declined=row.get("declined", 0),
            no_answer=row.get("no_answer", 0),
            not_called=row.get("not_called", 0),
        )
        service = services.setdefault(team.service_id, ServiceRates(Rate(team.service.name)))
        service.teams.append(rate)
        service.total.add(rate)
        overall.add(rate)
    return list(services.values()), overall


@dataclass
class StatementResult:
    number: int
    text: str
    counts: list[int]  # by rating, strongly agree first

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def agree(self) -> int:
        return sum(n for rating, n in zip(RATINGS, self.counts, strict=True) if rating in AGREE)

    @property
    def agreement(self) -> int | None:
        """The share who agree or strongly agree, of those who rated the statement (%)."""
        return percent(self.agree, self.answered)

    @property
    def too_few(self) -> bool:
        """Fewer than 5 answers: too few to compare with another round or statement."""
        return 0 < self.answered < TOO_FEW

    def cells(self) -> list[tuple[int, int | None]]:
        return [(n, percent(n, self.answered)) for n in self.counts]


def statement_results(survey_round: SurveyRound) -> list[StatementResult]:
    """Each statement's ratings counted (one query)."""
    counts = {
        (row["statement"], row["rating"]): row["n"]
        for row in SurveyAnswer.objects.filter(response__round=survey_round)
        .values("statement", "rating")
        .annotate(n=Count("pk"))
    }
    return [
        StatementResult(number, text, [counts.get((number, r), 0) for r in RATINGS])
        for number, text in enumerate(survey_round.statements, start=1)
    ]


@dataclass
class Comparison:
    rounds: list[SurveyRound]
    # statement number -> agreement share (%) in each round, oldest first
    shares: dict[int, list[int | None]]
    responses: list[int]


def comparison(survey_round: SurveyRound, visible) -> Comparison:
    """This round and up to four before it (that the reader may see), oldest first: responses
    and each statement's agreement share. Statements are compared by number (the default
    statements are the audit form's nine, kept in their order)."""
    rounds = list(
        visible.filter(opens_on__lte=survey_round.opens_on)
        .exclude(opens_on=survey_round.opens_on, pk__gt=survey_round.pk)
        .annotate(n=Count("responses"))
        .order_by("-opens_on", "-pk")[:ROUNDS_COMPARED]
    )[::-1]
    rows = (
        SurveyAnswer.objects.filter(response__round__in=rounds)
        .values("response__round_id", "statement")
        .annotate(answered=Count("pk"), agree=Count("pk", filter=Q(rating__in=AGREE)))
    )
    found = {(r["response__round_id"], r["statement"]): r for r in rows}
    shares = {
        number: [
            percent(found[key]["agree"], found[key]["answered"])
            if (key := (r.pk, number)) in found
            else None
            for r in rounds
        ]
        for number in range(1, 10)
    }
    return Comparison(rounds, shares, [r.n for r in rounds])


def previous_round(survey_round: SurveyRound, visible) -> SurveyRound | None:
    """The round before this one, whose recommendations and actions this one shows the impact of."""
    return (
        visible.exclude(pk=survey_round.pk)
        .filter(opens_on__lte=survey_round.opens_on, status=RoundStatus.PUBLISHED)
        .exclude(opens_on=survey_round.opens_on, pk__gt=survey_round.pk)
        .order_by("-opens_on", "-pk")
        .first()
    )


def comments(survey_round: SurveyRound) -> list[dict]:
    """The families' own words, in no order that follows the calls (responses' ids are random)
    and with no team: beside a team's few responses, a comment would point to a family."""
    return list(
        SurveyResponse.objects.filter(round=survey_round)
        .exclude(comment="", one_thing="", anything_else="")
        .order_by("pk")
        .values("comment", "one_thing", "anything_else")
    )


# "The survey is carried out over a two week period once a year."
ROUND_EVERY_MONTHS = 12


def next_round_due() -> date | None:
    """A year after the last round opened (None before the first)."""
    latest = SurveyRound.objects.order_by("-opens_on").values_list("opens_on", flat=True).first()
    return workdays.add_months(latest, ROUND_EVERY_MONTHS) if latest else None
