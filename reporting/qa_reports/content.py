"""What a QA report shows: its period's key figures beside the four quarters before, the
period's figures from the analytics (the same tables and charts), and what the Practice Weeks
and parent/carer survey rounds published in the period found."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone

from audits.models import (
    Action,
    ActionStatus,
    Audit,
    Band,
    FollowUp,
    PracticeWeek,
    SelfAssessment,
    band_q,
    follow_up_timeliness,
)
from bexley_qa import workdays
from bexley_qa.people.models import Service, Team
from bexley_qa.workdays import add_months
from feedback.models import FamilyFeedback, StatementScore, SurveyRound
from moderation.models import Agreement, Moderation, ModerationStatus
from sos.models import ReportLevel

from .. import counted
from ..analytics import figures
from ..analytics.figures import Figure, Scope, percent
from ..models import QAReport

REPORT_FIGURES = [
    figures.grades_by_group,
    figures.grades_by_month,
    figures.practice_areas,
    figures.themes,
    figures.moderation_agreement,
    figures.follow_ups,
    figures.distance_grades,
    figures.family_statements,
    figures.actions_completed,
]


def scope_of(report: QAReport, start: date | None = None, end: date | None = None) -> Scope:
    audits, teams = Audit.objects.all(), Team.objects.all()
    if report.level == ReportLevel.SERVICE:
        audits, teams = (
            audits.filter(team__service=report.service),
            teams.filter(service=report.service),
        )
    filters = {"service": report.service} if report.service else {}
    return Scope(audits=audits, teams=teams, start=start or report.period_start,
                 end=end or report.period_end, filters=filters,
                 whole_directorate=report.level == ReportLevel.DIRECTORATE)  # fmt: skip


@dataclass
class Column:
    label: str
    values: dict[str, object]


KEY_FIGURES = [
    ("completed", "Audits completed"),
    ("moderated", "Audits moderated"),
    ("good", "Graded Good or better (%)"),
    ("inadequate", "Graded Inadequate (%)"),
    ("self_assessed", "Self-assessments submitted (%)"),
    ("family", "Family feedback obtained (%)"),
    ("statements", "Family statements: average (0–10)"),
    ("follow_ups", "Follow-ups done on time (%)"),
    ("agreement", "Moderation: grade agreed (%)"),
    ("actions", "Actions done (%)"),
]


def key_figures(scope: Scope) -> dict[str, object]:
    completed = scope.completed()
    a = completed.annotate(
        has_family=Exists(FamilyFeedback.objects.filter(audit=OuterRef("pk")))
    ).aggregate(
        n=Count("pk"),
        graded=Count("pk", filter=Q(final_grade__isnull=False)),
        good=Count("pk", filter=band_q(Band.GOOD) | band_q(Band.OUTSTANDING)),
        inadequate=Count("pk", filter=band_q(Band.INADEQUATE)),
        family=Count("pk", filter=Q(has_family=True)),
    )
    moderated = scope.audits.filter(scope.between("moderated_at")).count()
    s = SelfAssessment.objects.filter(audit__in=completed).aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    statements = StatementScore.objects.filter(  # the families of the audits completed
        family_feedback__audit__in=completed
    ).aggregate(mean=Avg("score"))["mean"]
    f = FollowUp.objects.filter(
        audit__in=scope.audits, due_date__gte=scope.start, due_date__lt=add_months(scope.end, 1)
    ).aggregate(
        **{what: Count("pk", filter=q) for what, q in follow_up_timeliness(on=timezone.localdate()).items()}
    )  # fmt: skip
    m = (
        Moderation.objects.filter(audit__in=scope.audits, status=ModerationStatus.FINALISED)
        .filter(scope.between("finalised_at"))
        .aggregate(n=Count("pk"), agree=Count("pk", filter=Q(agreement=Agreement.AGREE)))
    )
    ac = Action.objects.filter(audit__in=completed).aggregate(
        n=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE))
    )
    return {
        "completed": a["n"],
        "moderated": moderated,
        "good": percent(a["good"], a["graded"]),
        "inadequate": percent(a["inadequate"], a["graded"]),
        "self_assessed": percent(s["done"], s["n"]),
        "family": percent(a["family"], a["n"]),
        "statements": figures.average(statements),
        "follow_ups": percent(f["on_time"], f["on_time"] + f["late"] + f["overdue"]),
        "agreement": percent(m["agree"], m["n"]),
        "actions": percent(ac["done"], ac["n"]),
    }


def comparison(report: QAReport) -> Figure:
    """The key figures of the report's period and of the four periods of its length before."""
    months = workdays.month_count(report.period_start, report.period_end)
    columns = []
    for back in range(4, -1, -1):
        start = add_months(report.period_start, -months * back)
        end = add_months(report.period_end, -months * back)
        label = _label(start, end)
        columns.append(Column(label, key_figures(scope_of(report, start, end))))
    rows = [[label, *[c.values[key] for c in columns]] for key, label in KEY_FIGURES]
    return Figure(
        "key-figures",
        "Key figures: this period beside the four before it",
        ["", *[c.label for c in columns]],
        rows,
        note="The last column is the report's period; the others are the periods of the same "
        "length before it.",
    )


def _label(start: date, end: date) -> str:
    if workdays.is_quarter(start, end):
        return workdays.quarter_label(start)
    return f"{start:%b %Y}" if start == end else f"{start:%b %Y}–{end:%b %Y}"


def practice_weeks(report: QAReport):
    return PracticeWeek.objects.filter(
        published_at__isnull=False,
        ends_on__gte=report.period_start,
        ends_on__lt=add_months(report.period_end, 1),
    ).order_by("starts_on")


def survey_rounds(report: QAReport):
    return SurveyRound.objects.filter(
        published_at__isnull=False,
        published_at__date__gte=report.period_start,
        published_at__date__lt=add_months(report.period_end, 1),
    ).order_by("opens_on")


def asked_of(report: QAReport) -> dict:
    """What a report's figures count, as plain values (reporting/counted.py): reports of the
    same level, service and period count the same."""
    return {
        "page": "qa-report",
        "level": report.level,
        "service": report.service_id,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
    }


def usual() -> list[dict]:
    """The reports read most: the directorate's four latest."""
    latest = QAReport.objects.filter(level=ReportLevel.DIRECTORATE).order_by("-period_start")
    return [asked_of(report) for report in latest[:4]]


@counted.counter("qa-report", usual=usual)
def count_report(asked: dict) -> list[Figure]:
    """The key figures beside the periods before, then the period's figures."""
    service = None
    if asked["service"] and not (service := Service.objects.filter(pk=asked["service"]).first()):
        raise LookupError("The service counted is gone")
    report = QAReport(
        level=asked["level"],
        service=service,
        period_start=date.fromisoformat(asked["start"]),
        period_end=date.fromisoformat(asked["end"]),
    )
    scope = scope_of(report)
    return [comparison(report), *[figure(scope) for figure in REPORT_FIGURES]]


def report_context(report: QAReport, *, now: bool = False) -> dict:
    """The report's page (its figures as last counted) or, `now`, its PDF (counted there and
    then: what is published is the records as they are)."""
    asked = asked_of(report)
    found = counted.count_now(asked) if now else counted.figures_for(asked)
    return {
        "report": report,
        "scope": scope_of(report),
        "comparison": found.figures[0],
        "figures": found.figures[1:],
        "counted": found,
        "practice_weeks": practice_weeks(report),
        "survey_rounds": survey_rounds(report),
        "how_we_count": figures.HOW_WE_COUNT,
    }


def report_pdf(report: QAReport) -> bytes:
    from bexley_qa.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    return render_pdf(
        "reporting/qa_reports/report_pdf.html",
        {**report_context(report, now=True), "pdf": True},
    )
