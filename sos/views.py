"""The dashboard's pages: the measures by scope (directorate, service, team, a practitioner's
children), recording a measure, the imports of the case system's exports, the monthly reports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from bexley_qa import workdays
from bexley_qa.forms import post_form, posted
from bexley_qa.pagination import paginate
from bexley_qa.people import readlog
from bexley_qa.workdays import this_month

from . import access, figures, selectors, services
from .charts import MONTHS_SHOWN, monthly_chart, now_chart
from .forms import DashboardFilterForm, MeasureForm


def _filter(request: HttpRequest, **scopes) -> DashboardFilterForm:
    form = DashboardFilterForm(request.GET or None, **scopes)
    form.is_valid()  # a wrong filter is shown as an error; the page shows every plan type
    return form


def _page(request, template: str, *, form, scope: str, team_ids, month, **context) -> HttpResponse:
    """A scope's page: its rows (services, teams or children), the shares month by month."""
    plan_type = form.chosen_plan_type
    monthly = selectors.month_by_month(
        team_ids=team_ids, months=workdays.months_back(month, MONTHS_SHOWN), plan_type=plan_type
    )
    total = context.pop("total", None) or monthly[-1][1]
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        template,
        {
            "form": form,
            "filtered": bool(plan_type),
            "plan_query": query.urlencode(),
            "scope": scope,
            "month": month,
            "headings": selectors.HEADINGS,
            "total": total,
            "monthly": monthly,
            "now_chart": now_chart(total, scope),
            "monthly_chart": monthly_chart(monthly, scope),
            "how_we_count": figures.HOW_WE_COUNT,
            **context,
        },
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The user's scope: services (for those over services), or teams; a practitioner's own
    children; a manager of one team goes straight to it."""
    user = request.user
    access.can_see_dashboard.require(user)
    # The directorate's readers count every team: no list of hundreds of ids to filter by.
    whole = access.reads_directorate_figures(user)
    teams = [] if whole else list(access.teams_on_dashboard(user).select_related("service"))
    if not teams and not whole:
        return redirect("dashboard:mine")
    if len(teams) == 1 and not access.groups_by_service(user):
        url = reverse("dashboard:team", args=[teams[0].pk])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    form = _filter(
        request,
        services=access.services_on_dashboard(user) if access.groups_by_service(user) else None,
        teams=access.teams_on_dashboard(user),
    )
    # Choosing a team or a service goes to its page, with the plan type.
    plan = f"?plan_type={form.chosen_plan_type}" if form.chosen_plan_type else ""
    if form.is_valid() and (chosen := form.cleaned_data.get("team")):
        return redirect(reverse("dashboard:team", args=[chosen.pk]) + plan)
    if form.is_valid() and (chosen := form.cleaned_data.get("service")):
        return redirect(reverse("dashboard:service", args=[chosen.pk]) + plan)
    month = this_month()
    team_ids = None if whole else [t.pk for t in teams]
    if access.groups_by_service(user):
        group, items = "team__service", list(access.services_on_dashboard(user))
    else:
        group, items = "team", teams
    shares = selectors.shares_by(
        group, team_ids=team_ids, month=month, plan_type=form.chosen_plan_type
    )
    rows = [(item, shares.get(item.pk, selectors.Shares())) for item in items]
    return _page(
        request,
        "sos/scope.html",
        form=form,
        scope=(
            "the directorate"
            if access.reads_directorate_figures(user)
            else f"your {'services' if group == 'team__service' else 'teams'}"
        ),
        team_ids=team_ids,
        month=month,
        rows=rows,
        row_kind="service" if group == "team__service" else "team",
        has_caseload=access.has_caseload(user),
    )


@require_GET
def service(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(access.services_on_dashboard(request.user), pk=pk)
    teams = list(access.teams_on_dashboard(request.user).filter(service=service))
    form = _filter(request)
    month = this_month()
    shares = selectors.shares_by(
        "team", team_ids=[t.pk for t in teams], month=month, plan_type=form.chosen_plan_type
    )
    return _page(
        request,
        "sos/scope.html",
        form=form,
        scope=service.name,
        team_ids=[t.pk for t in teams],
        month=month,
        service=service,
        rows=[(team, shares.get(team.pk, selectors.Shares())) for team in teams],
        row_kind="team",
    )


@require_GET
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """A team's children × the eight measures, with the team's shares now and month by month."""
    team = get_object_or_404(
        access.teams_on_dashboard(request.user).select_related("service"), pk=pk
    )
    form = _filter(request)
    if not access.sees_children(request.user):
        # The team's figures, not its children: the Director reads every team's.
        total = selectors.shares_total(
            team_ids=[team.pk], month=this_month(), plan_type=form.chosen_plan_type
        )
        return _page(
            request, "sos/scope.html", form=form, scope=team.name, team_ids=[team.pk],
            month=this_month(), team=team, rows=[(team, total)], row_kind="team", total=total,
            figures_only=True,
        )  # fmt: skip
    sort = request.GET.get("sort", "name")
    rows = selectors.grid(
        access.children_on_dashboard(request.user).filter(team=team),
        sort=sort,
        plan_type=form.chosen_plan_type,
    )
    return _page(
        request,
        "sos/grid.html",
        form=form,
        scope=team.name,
        team_ids=[team.pk],
        month=this_month(),
        team=team,
        service=team.service if access.groups_by_service(request.user) else None,
        grid=rows,
        sort=sort,
        total=selectors.grid_shares(rows),
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """A practitioner's own children × the eight measures."""
    access.can_see_dashboard.require(request.user)
    form = _filter(request)
    sort = request.GET.get("sort", "name")
    rows = selectors.grid(
        access.own_children(request.user), sort=sort, plan_type=form.chosen_plan_type
    )
    total = selectors.grid_shares(rows)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "sos/grid.html",
        {
            "form": form,
            "filtered": bool(form.chosen_plan_type),
            "plan_query": query.urlencode(),
            "scope": "your children",
            "mine": True,
            "has_caseload": access.has_caseload(request.user),
            "headings": selectors.HEADINGS,
            "grid": rows,
            "sort": sort,
            "total": total,
            "now_chart": now_chart(total, "your children") if rows else None,
            "how_we_count": figures.HOW_WE_COUNT,
        },
    )


@require_http_methods(["GET", "POST"])
def record_measure(request: HttpRequest, case_id: str) -> HttpResponse:
    """Record on the child's page a measure completed (a practitioner, or their manager)."""
    child = get_object_or_404(access.children_on_dashboard(request.user), case_id=case_id)
    access.can_record_measure.require(request.user, child)
    readlog.viewed(request, child_id=child.pk)
    form = MeasureForm(posted(request))
    saved = post_form(
        request,
        form,
        lambda: services.measure_record(
            actor=request.user,
            child=child,
            measure=form.cleaned_data["measure"],
            completed_on=form.cleaned_data["completed_on"],
        ),
        success=lambda c: (
            f"{c.get_measure_display()} recorded as completed on {c.completed_on:%-d %B %Y}."
        ),
        then=lambda c: f"{child.get_absolute_url()}#sos-measures",
    )
    return saved or render(request, "sos/record_measure.html", {"child": child, "form": form})


# Monthly reports -------------------------------------------------------------------------------


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    access.can_see_dashboard.require(request.user)
    listed = (
        access.reports_visible_to(request.user)
        .defer("pdf", "csv")
        .select_related("service", "team")
    )
    return render(
        request,
        "sos/reports.html",
        paginate(request, listed, per_page=30),
    )


@require_GET
def report_file(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    report = get_object_or_404(access.reports_visible_to(request.user), pk=pk)
    name = f"case-management-dashboard-{report.month:%Y-%m}-{report.slug}"
    if format == "pdf":
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    else:
        response = HttpResponse(report.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
