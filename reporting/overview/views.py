"""The overview page and the kept monthly PDFs; the monthly themes reports."""

from datetime import date, datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from bexley_qa import workdays
from bexley_qa.exports import csv_response

from ..models import MonthlyOverview
from . import access, themes
from . import family_feedback as monthly
from .content import overview_context, reach_of

KEPT_LISTED = 12


def _csv(request: HttpRequest, figures, name: str) -> HttpResponse | None:
    """A figure's table as CSV (?csv=<slug>), as the audit results give it."""
    if not (slug := request.GET.get("csv")):
        return None
    for figure in figures:
        if figure.slug == slug:
            return csv_response(f"{name}-{slug}", figure.headers, figure.csv_rows())
    raise Http404("No such figure on this page")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    access.can_read_overview.require(request.user)
    context = overview_context(reach_of(request.user), workdays.this_month())
    if csv := _csv(request, context["figures"], "overview"):
        return csv
    if access.can_read_monthly_overviews(request.user):
        context["kept"] = MonthlyOverview.objects.defer("pdf")[:KEPT_LISTED]
    return render(request, "reporting/overview/page.html", context)


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    access.can_read_monthly_overviews.require(request.user)
    overview = get_object_or_404(MonthlyOverview, pk=pk)
    response = HttpResponse(bytes(overview.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="directors-overview-{overview.month:%Y-%m}.pdf"'
    )
    return response


def _month(request: HttpRequest) -> date:
    """The month asked for (?month=YYYY-MM), last month by default; never a future one."""
    last = workdays.add_months(workdays.this_month(), -1)
    try:
        asked = datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        return last
    return min(asked, workdays.this_month()) if asked.year >= 2000 else last


def _themes_page(request: HttpRequest, service) -> HttpResponse:
    shown = themes.themes_of(_month(request), service)
    if csv := _csv(request, shown.figures, f"themes-{shown.month:%Y-%m}"):
        return csv
    if request.GET.get("format") == "pdf":
        from bexley_qa.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

        pdf = render_pdf(
            "reporting/overview/themes_pdf.html",
            {"themes": shown, "pdf": True, "produced_at": timezone.now()},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        slug = f"service-{service.pk}" if service else "directorate"
        response["Content-Disposition"] = (
            f'attachment; filename="themes-{shown.month:%Y-%m}-{slug}.pdf"'
        )
        return response
    readable = themes.services_readable_by(request.user).order_by("name")
    return render(
        request,
        "reporting/overview/themes.html",
        {
            "themes": shown,
            "services": readable,
            "reads_directorate": themes.can_read_directorate_themes(request.user),
            "reads_team_feedback": monthly.can_read_team_feedback(request.user),
            "months": [workdays.add_months(workdays.this_month(), -n) for n in range(13)],
            "query": f"month={shown.month:%Y-%m}",
        },
    )


@require_GET
def themes_index(request: HttpRequest) -> HttpResponse:
    themes.can_read_directorate_themes.require(request.user)
    return _themes_page(request, None)


@require_GET
def themes_service(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(themes.services_readable_by(request.user), pk=pk)
    return _themes_page(request, service)


@require_GET
def family_feedback(request: HttpRequest) -> HttpResponse:
    """A team's family feedback for a month, for the manager's monthly report."""
    monthly.can_read_team_feedback.require(request.user)
    teams = monthly.teams_for(request.user)
    month = _month(request)
    chosen = request.GET.get("team", "")
    team = None
    if chosen.isdigit():
        team = get_object_or_404(teams, pk=int(chosen))  # another team's answers 404
    elif teams.count() == 1:
        team = teams.first()
    feedback = monthly.month_feedback(team, month) if team else None
    if feedback and request.GET.get("format") == "txt":
        response = HttpResponse(feedback.as_text(), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="family-feedback-{month:%Y-%m}-team-{team.pk}.txt"'
        )
        return response
    if feedback and request.GET.get("format") == "csv":
        return csv_response(
            f"family-feedback-{month:%Y-%m}-team-{team.pk}",
            ["Statement", "Answered", "Average (0–10)"],
            ([f"{r.number}. {r.text}", r.answered, r.average] for r in feedback.statements),
        )
    return render(
        request,
        "reporting/overview/family_feedback.html",
        {
            "teams": teams,
            "team": team,
            "month": month,
            "feedback": feedback,
            "months": [workdays.add_months(workdays.this_month(), -n) for n in range(13)],
        },
    )
