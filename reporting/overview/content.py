"""What the overview shows, counted with the same definitions as the pages each figure links to:
the key figures of the QA reports (qa_reports/content.py key_figures), the analytics' immediate
actions and monthly figures, the Signs of Safety roll-up, the latest survey round and Practice
Week published."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.text import get_text_list

from audits.models import Audit, PracticeWeek
from bexley_qa import workdays
from bexley_qa.people import lines
from bexley_qa.people.models import Service, Team, User
from feedback.models import SurveyRound
from feedback.survey import selectors as survey_selectors
from sos import charts as sos_charts
from sos import selectors as sos_selectors

from ..analytics import figures
from ..analytics.figures import Scope, percent
from ..analytics.how_well import immediate_actions_sent, immediate_counts
from ..qa_reports.content import key_figures

MONTHS_BEFORE = 12


@dataclass(frozen=True)
class Reach:
    """Whose overview: the directorate, or an assistant director's services."""

    title: str  # "the directorate", "Assessment and Intervention and Early Help"
    teams: QuerySet[Team]
    services: QuerySet[Service]
    whole: bool


def directorate() -> Reach:
    return Reach("the directorate", Team.objects.all(), Service.objects.all(), True)


def reach_of(user: User) -> Reach:
    """The directorate for its readers; an assistant director's services for them."""
    if lines.holds(user, lines.DIRECTORATE_READERS):
        return directorate()
    services = lines.services_managed_by(user).order_by("name")
    title = get_text_list([s.name for s in services], "and")
    return Reach(
        title or "your services", Team.objects.filter(service__in=services), services, False
    )


def _scope(reach: Reach, start: date, end: date) -> Scope:
    return Scope(
        audits=Audit.objects.filter(team__in=reach.teams),
        teams=reach.teams,
        start=start,
        end=end,
        whole_directorate=reach.whole,
        case_level=False,  # the overview links to pages, not to audits one by one
    )


@dataclass(frozen=True)
class Headline:
    label: str
    this_month: object
    before: object  # the twelve months before
    url: str
    anchor: str = ""

    @property
    def href(self) -> str:
        return f"{self.url}#{self.anchor}" if self.anchor else self.url


def _immediate(scope: Scope) -> dict:
    counts = immediate_actions_sent(scope).aggregate(**immediate_counts())
    return {"inadequate": counts["audits"], "in_time": percent(counts["in_time"], counts["judged"])}


def headlines(reach: Reach, month: date) -> list[Headline]:
    now = _scope(reach, month, month)
    before = _scope(
        reach, workdays.add_months(month, -MONTHS_BEFORE), workdays.add_months(month, -1)
    )
    k_now, k_before = key_figures(now), key_figures(before)
    i_now, i_before = _immediate(now), _immediate(before)
    how_much = reverse("analytics:question", args=["how-much"])
    how_well = reverse("analytics:question", args=["how-well"])
    period = f"?start={before.start:%Y-%m}&end={month:%Y-%m}"
    return [
        Headline("Audits completed", k_now["completed"], k_before["completed"], how_much + period, "audits-by-month"),
        Headline("Graded Good or better (%)", k_now["good"], k_before["good"], how_well + period, "grades-by-month"),
        Headline("Graded Inadequate (%)", k_now["inadequate"], k_before["inadequate"], how_well + period, "grades-by-month"),
        Headline("Inadequate outcomes sent", i_now["inadequate"], i_before["inadequate"], how_well + period, "immediate-actions"),
        Headline("Their immediate actions done within 24 hours (%)", i_now["in_time"], i_before["in_time"], how_well + period, "immediate-actions"),
        Headline("Moderation: grade agreed (%)", k_now["agreement"], k_before["agreement"], reverse("moderation:insights")),
        Headline("Follow-ups done on time (%)", k_now["follow_ups"], k_before["follow_ups"], how_well + period, "follow-ups"),
        Headline("Family feedback obtained (%)", k_now["family"], k_before["family"], how_much + period, "feedback"),
    ]  # fmt: skip


@dataclass(frozen=True)
class MeasureRow:
    label: str
    this_month: int | None
    year_ago: int | None


def measures(reach: Reach, month: date) -> tuple[list[MeasureRow], list]:
    """The eight Signs of Safety measures: this month's share against a year before, and each
    month of the thirteen (for the chart), from the dashboard's roll-up."""
    months = [workdays.add_months(month, -back) for back in range(MONTHS_BEFORE, -1, -1)]
    monthly = sos_selectors.month_by_month(
        team_ids=list(reach.teams.values_list("pk", flat=True)), months=months
    )
    now, year_ago = monthly[-1][1], monthly[0][1]
    rows = [
        MeasureRow(label, now.percent(code), year_ago.percent(code))
        for code, label, _ in sos_selectors.HEADINGS
    ]
    return rows, monthly


def monthly_figures(reach: Reach, month: date) -> list:
    """The analytics' month-by-month figures over the thirteen months, each a chart and its
    table."""
    scope = _scope(reach, workdays.add_months(month, -MONTHS_BEFORE), month)
    return [
        figures.grades_by_month(scope),
        figures.immediate_actions(scope),
        figures.moderation_agreement(scope),
    ]


@dataclass(frozen=True)
class SurveySummary:
    survey_round: SurveyRound
    responses: int
    rate: int | None
    lowest: list  # the statements fewest agreed with (StatementResult)


def latest_survey(reach: Reach) -> SurveySummary | None:
    survey_round = (
        SurveyRound.objects.filter(published_at__isnull=False)
        .filter(Q(services__in=reach.services))
        .distinct()
        .defer("pdf")
        .order_by("-published_at")
        .first()
    )
    if survey_round is None:
        return None
    by_service, overall = survey_selectors.response_rates(survey_round)
    if not reach.whole:  # the reader's services' families; the statements are the round's
        names = set(reach.services.values_list("name", flat=True))
        overall = survey_selectors.Rate("Your services")
        for service in by_service:
            if service.total.name in names:
                overall.add(service.total)
    results = [r for r in survey_selectors.statement_results(survey_round) if r.answered]
    lowest = sorted(results, key=lambda r: (r.agreement, r.number))[:3]
    return SurveySummary(survey_round, overall.responses, overall.rate, lowest)


def latest_practice_week() -> PracticeWeek | None:
    return (
        PracticeWeek.objects.filter(published_at__isnull=False)
        .select_related("principal_social_worker")
        .defer("pdf")
        .order_by("-starts_on")
        .first()
    )


def overview_context(reach: Reach, month: date) -> dict:
    measure_rows, monthly = measures(reach, month)
    counted = any(shares.children for _, shares in monthly)
    return {
        "measures_chart": sos_charts.monthly_chart(monthly, reach.title) if counted else "",
        "reach": reach,
        "month": month,
        "since": workdays.add_months(month, -MONTHS_BEFORE),
        "headlines": headlines(reach, month),
        "measure_rows": measure_rows,
        "measures_monthly": monthly,
        "figures": monthly_figures(reach, month),
        "survey": latest_survey(reach),
        "practice_week": latest_practice_week(),
    }
