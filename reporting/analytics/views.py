"""The audit analytics pages: one per question, each figure a chart, its table and a CSV."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audits.models import Audit
from bexley_qa.exports import csv_response
from bexley_qa.people.access import reads_directorate_figures
from bexley_qa.people.models import Service, Team
from moderation.access import can_read_insights

from .. import counted
from ..qa_reports.access import can_list_reports
from . import access
from .figures import HOW_WE_COUNT, PAGES, QUESTIONS, Scope
from .forms import AnalyticsFilterForm

AUDIT_FILTERS = ("service", "team", "plan_type", "kind", "theme")


def scope_for(user, form: AnalyticsFilterForm) -> Scope:
    """The audits and teams the user's figures count, as the (valid) filters narrow them."""
    start, end = form.period()
    return narrowed(
        access.audits_counted_for(user),
        access.analytics_teams(user),
        form.choices,
        start,
        end,
        whole_directorate=reads_directorate_figures(user),
        case_level=access.may_open_counted_audits(user),
    )


def narrowed(audits, teams, chosen: dict, start, end, **scope) -> Scope:
    """A reader's audits and teams, narrowed by the filters chosen, over the period."""
    if service := chosen.get("service"):
        audits, teams = audits.filter(team__service=service), teams.filter(service=service)
    if team := chosen.get("team"):
        audits, teams = audits.filter(team=team), teams.filter(pk=team.pk)
    if plan_type := chosen.get("plan_type"):
        audits = audits.filter(child__plan_type=plan_type)
    if kind := chosen.get("kind"):
        audits = audits.filter(kind=kind)
    if theme := chosen.get("theme"):
        audits = audits.filter(theme=theme)
    return Scope(
        audits=audits,
        teams=teams,
        start=start,
        end=end,
        filters={k: v for k, v in chosen.items() if k in AUDIT_FILTERS},
        plan_type=chosen.get("plan_type", ""),
        **scope,
    )


def asked_of(question: str, scope: Scope, teams: list[int] | None = None) -> dict:
    """What a reader's page counts, as plain values (reporting/counted.py): every team's audits
    (a reader of directorate figures), or those of `teams`, a manager's scope as it is now (so
    two managers of the same teams read the same figures, and a manager whose teams change
    reads others)."""
    asked = {
        "page": "analytics",
        "question": question,
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
        "filters": {k: getattr(v, "pk", v) for k, v in sorted(scope.filters.items())},
        "case_level": scope.case_level,
    }
    return asked if teams is None else {**asked, "teams": sorted(teams)}


def usual() -> list[dict]:
    """The pages a directorate reader opens most: each question over the last twelve months, as
    PSQA and the deputy director read them and as the Director does (without links)."""
    form = AnalyticsFilterForm({}, services=Service.objects.none(), teams=Team.objects.none())
    form.is_valid()
    start, end = form.period()
    none = {"audits": Audit.objects.none(), "teams": Team.objects.none()}
    return [
        asked_of(question, Scope(**none, start=start, end=end, case_level=case_level))
        for case_level in (True, False)
        for question in QUESTIONS
    ]


@counted.counter("analytics", usual=usual)
def count_figures(asked: dict) -> list:
    """A question's figures over every team's audits (the readers of directorate figures'), or
    over the audits of the teams asked (a manager's)."""
    chosen = dict(asked["filters"])
    for name, model in (("service", Service), ("team", Team)):
        if name in chosen and not (found := model.objects.filter(pk=chosen[name]).first()):
            raise LookupError(f"The {name} counted is gone")
        elif name in chosen:
            chosen[name] = found
    audits, teams = Audit.objects.all(), Team.objects.all()
    if (team_ids := asked.get("teams")) is not None:
        audits, teams = audits.filter(team__in=team_ids), teams.filter(pk__in=team_ids)
    scope = narrowed(
        audits,
        teams,
        chosen,
        date.fromisoformat(asked["start"]),
        date.fromisoformat(asked["end"]),
        whole_directorate=team_ids is None,
        case_level=asked["case_level"],
    )
    return [figure(scope) for figure in PAGES[asked["question"]]]


def filter_form(request: HttpRequest) -> AnalyticsFilterForm:
    """The filters as chosen, the period's months filled in (the twelve up to this one unless
    chosen), so the form shows the period the figures are for."""
    user = request.user
    data = request.GET.copy()
    data.pop("csv", None)
    defaults = AnalyticsFilterForm(data, services=Service.objects.none(), teams=Team.objects.none())
    defaults.is_valid()
    start, end = defaults.period()
    for name, month in (("start", start), ("end", end)):
        if not data.get(name):
            data[name] = f"{month:%Y-%m}"
    form = AnalyticsFilterForm(
        data, services=access.analytics_services(user), teams=access.analytics_teams(user)
    )
    form.is_valid()  # a wrong filter is shown as an error; the others still apply
    return form


@require_GET
def analytics(request: HttpRequest, question: str = "how-much") -> HttpResponse:
    access.can_see_analytics.require(request.user)
    if question not in QUESTIONS:
        raise Http404("No such page of the analytics")
    form = filter_form(request)
    scope = scope_for(request.user, form)
    # Counted once and kept: every team's audits, or the manager's teams'.
    teams = None if scope.whole_directorate else list(scope.teams.values_list("pk", flat=True))
    found = counted.figures_for(asked_of(question, scope, teams))
    if slug := request.GET.get("csv"):
        for figure in found.figures:
            if figure.slug == slug:
                return csv_response(f"{question}-{slug}", figure.headers, figure.csv_rows())
        raise Http404("No such figure on this page")
    query = request.GET.copy()
    query.pop("csv", None)
    return render(
        request,
        "reporting/analytics.html",
        {
            "form": form,
            "question": question,
            "title": QUESTIONS[question],
            "questions": QUESTIONS,
            "figures": found.figures,
            "counted": found,
            "scope": scope,
            "query": query.urlencode(),
            "how_we_count": HOW_WE_COUNT,
            "can_read_reports": can_list_reports(request.user),
            "links": access.may_open_counted_audits(request.user),
            "can_read_moderation_insights": can_read_insights(request.user),
        },
    )
