"""The monthly Case Management Dashboard report: on the first working day of each month, for the
directorate and each service and team, a PDF and a CSV of the month's figures (taken a last time
at the month's end). Produced once, kept unchanged, listed for the managers in scope, who are
emailed a link."""

import csv
import io
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.exports import safe_cell
from bexley_qa.people import lines
from bexley_qa.people.models import PlanType, Service, Team, User

from . import emails, figures, selectors
from .charts import MONTHS_SHOWN
from .models import MonthlyReport, ReportLevel

CSV_HEADER = [
    "Month", "Service", "Team", "Plan type", "Children open at the month's end",
    *[f"{label} (done)" for _, label, _ in selectors.HEADINGS],
    *[f"{label} (%)" for _, label, _ in selectors.HEADINGS],
]  # fmt: skip


def _csv(month: date, team_ids: list[int], teams: dict[int, Team]) -> str:
    """Each team's figures (and, for the directorate, each service's), then the scope's by plan
    type and in all: no line is counted twice in a sum of the "All" plan-type lines' teams."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)

    def line(service, team, plan, shares):
        writer.writerow(
            safe_cell(cell)  # names typed into the app never run as formulas in a spreadsheet
            for cell in [f"{month:%Y-%m}", service, team, plan, shares.children,
                         *[done for done, _ in shares.cells],
                         *["" if pct is None else pct for _, pct in shares.cells]]
        )  # fmt: skip

    by_team = selectors.shares_by("team", team_ids=team_ids, month=month)
    for pk in team_ids:
        team = teams[pk]
        line(team.service.name, team.name, "All", by_team.get(pk, selectors.Shares()))
    services = sorted({teams[pk].service for pk in team_ids}, key=lambda s: s.name)
    if len(services) > 1:  # the directorate's: each service's own line too
        by_service = selectors.shares_by("team__service", team_ids=team_ids, month=month)
        for service in services:
            line(service.name, "All teams", "All", by_service.get(service.pk, selectors.Shares()))
    # The scope by plan type; its total once (a team's own line above is its total).
    scope_service = services[0].name if len(services) == 1 else "All services"
    scope_team = "All teams" if len(team_ids) > 1 else teams[team_ids[0]].name
    for code, label in PlanType.choices:
        shares = selectors.shares_total(team_ids=team_ids, month=month, plan_type=code)
        if shares.children:
            line(scope_service, scope_team, label, shares)
    if len(team_ids) > 1:
        line(
            scope_service, scope_team, "All", selectors.shares_total(team_ids=team_ids, month=month)
        )
    return out.getvalue()


def _pdf(month: date, title: str, scope: str, rows, team_ids: list[int], row_kind: str) -> bytes:
    from bexley_qa.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    from .charts import monthly_chart, now_chart

    total = selectors.shares_total(team_ids=team_ids, month=month)
    monthly = selectors.month_by_month(
        team_ids=team_ids, months=workdays.months_back(month, MONTHS_SHOWN)
    )
    return render_pdf(
        "sos/report_pdf.html",
        {
            "title": title,
            "month": month,
            "scope": scope,
            "rows": rows,
            "row_kind": row_kind,
            "total": total,
            "monthly": monthly,
            "headings": selectors.HEADINGS,
            "now_chart": now_chart(total, scope),
            "monthly_chart": monthly_chart(monthly, scope),
            "how_we_count": figures.HOW_WE_COUNT,
            "produced": timezone.now(),
        },
    )


def _report(month, level, *, service=None, team=None, scope, rows, team_ids, row_kind, teams):
    """One report, in its own transaction with its emails; None if it was produced before."""
    kept = MonthlyReport.objects.filter(month=month, level=level, service=service, team=team)
    if kept.exists():
        return None
    title = f"Case Management Dashboard, {month:%B %Y}: {scope}"
    pdf, csv_text = (
        _pdf(month, title, scope, rows, team_ids, row_kind),
        _csv(month, team_ids, teams),
    )
    with transaction.atomic():
        report, created = MonthlyReport.objects.get_or_create(
            month=month, level=level, service=service, team=team,
            defaults={"title": title, "pdf": pdf, "csv": csv_text},
        )  # fmt: skip
        if created:
            emails.queue_report_ready(report, readers_of(report))
    return report if created else None


def produce(
    month: date, *, levels=tuple(ReportLevel), only_teams: set[int] | None = None
) -> list[MonthlyReport]:
    """The month's reports at these levels (all by default): each once (one produced before is
    not made or changed again), each in its own transaction with the email to its managers, so
    a county's hundreds of reports hold no lock for long. The month's figures are taken a last
    time first, before its first report. `only_teams`: of the team reports, just these (the
    demo's)."""
    if not MonthlyReport.objects.filter(month=month).exists():
        figures.refresh(months=[month], final=True)
    teams = {t.pk: t for t in Team.objects.select_related("service").order_by("name")}
    services = list(Service.objects.order_by("name"))
    all_ids = list(teams)
    by_service = selectors.shares_by("team__service", team_ids=all_ids, month=month)
    by_team = selectors.shares_by("team", team_ids=all_ids, month=month)
    empty = selectors.Shares()
    produced = []
    if ReportLevel.DIRECTORATE in levels:
        produced.append(
            _report(month, ReportLevel.DIRECTORATE, scope="the directorate", team_ids=all_ids,
                    rows=[(s, by_service.get(s.pk, empty)) for s in services], row_kind="service",
                    teams=teams)
        )  # fmt: skip
    for service in services if ReportLevel.SERVICE in levels else []:
        ids = [pk for pk, t in teams.items() if t.service_id == service.pk]
        if ids:
            produced.append(
                _report(month, ReportLevel.SERVICE, service=service, scope=service.name,
                        team_ids=ids, rows=[(teams[pk], by_team.get(pk, empty)) for pk in ids],
                        row_kind="team", teams=teams)
            )  # fmt: skip
    for pk, team in teams.items() if ReportLevel.TEAM in levels else []:
        if only_teams is not None and pk not in only_teams:
            continue
        produced.append(
            _report(month, ReportLevel.TEAM, team=team, scope=team.name, team_ids=[pk],
                    rows=[(team, by_team.get(pk, empty))], row_kind="team", teams=teams)
        )  # fmt: skip
    return [r for r in produced if r is not None]


def readers_of(report: MonthlyReport) -> QuerySet[User]:
    """Who is emailed a link: the directorate's to the senior leadership team and PSQA (who chair
    and attend the Social Care Performance Review); a service's to the line over it (its
    managers, head and assistant director); a team's to its managers. Every manager may list and
    download the directorate's."""
    if report.level == ReportLevel.DIRECTORATE:
        return lines.staff_in(lines.DIRECTORATE_REPORT_RECIPIENTS)
    if report.level == ReportLevel.SERVICE:
        return lines.people_over(report.service)
    return lines.team_managers(report.team)


def monthly_job(*, today: date | None = None) -> int:
    """Each day: from the month's first working day, last month's reports (once)."""
    today = today or timezone.localdate()
    if today < workdays.first_working_day(today):
        return 0
    last_month = workdays.add_months(workdays.first_of_month(today), -1)
    if MonthlyReport.objects.filter(month=last_month, level=ReportLevel.DIRECTORATE).exists():
        return 0
    return len(produce(last_month))
