"""Drafting, writing and publishing the QA reports. Every change goes through here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bexley_qa import kept_pdfs, workdays
from bexley_qa.people.models import Service, User
from bexley_qa.versioning import check_version
from bexley_qa.workdays import this_month
from sos.models import ReportLevel

from .. import emails
from ..models import QAReport
from .access import can_write_reports, readers_of
from .workflow import PUBLISH, WORKFLOW

SECTIONS = ("themes", "key_learning", "recommendations", "impact")


def _title(start: date, end: date, service: Service | None, *, quarterly: bool) -> str:
    period = (
        f"{workdays.quarter_label(start)} ({start:%B} to {end:%B %Y})"
        if quarterly
        else (f"{start:%B %Y}" if start == end else f"{start:%B %Y} to {end:%B %Y}")
    )
    return f"QA report {period}: {service.name if service else 'the directorate'}"


def qa_report_draft(
    *, actor: User | None, start: date, end: date, service: Service | None = None,
    quarterly: bool = False,
) -> QAReport:  # fmt: skip
    """A new draft for the period (whole months) and scope. `actor` None: the quarterly job,
    which drafts each quarter's reports once (a second call returns the one drafted)."""
    if actor is not None:
        can_write_reports.require(actor)
    if start > end:
        raise ValidationError(
            {"end": "The end of the period must be the same month as its start or later"}
        )
    if actor is not None and end > this_month():
        raise ValidationError({"end": "The period cannot end after this month"})
    level = ReportLevel.SERVICE if service else ReportLevel.DIRECTORATE
    report = QAReport(
        period_start=start, period_end=end, quarterly=quarterly, level=level, service=service,
        title=_title(start, end, service, quarterly=quarterly), drafted_by=actor,
        updated_by=actor,
    )  # fmt: skip
    report.full_clean(validate_constraints=False)
    if quarterly:
        existing = QAReport.objects.filter(
            quarterly=True, period_start=start, level=level, service=service
        ).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:  # drafted at the same moment by another run
            return QAReport.objects.get(
                quarterly=True, period_start=start, level=level, service=service
            )
        return report
    report.save()
    return report


def qa_report_save(*, actor: User, report: QAReport, data: dict, version: int | None) -> QAReport:
    """PSQA's sections, saved as they type (autosave) or by the button: refused once published,
    and when someone else saved since the page was loaded (StaleVersion)."""
    can_write_reports.require(actor)
    with transaction.atomic():
        report = QAReport.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise ValidationError("The report is published: it is kept as it was published")
        data = {k: v.strip() for k, v in data.items() if k in SECTIONS}
        check_version(report, version, data)
        for name, value in data.items():
            setattr(report, name, value)
        report.updated_by = actor
        report.version += 1
        report.full_clean(validate_constraints=False)
        report.save()
    return report


def qa_report_publish(*, actor: User, report: QAReport) -> QAReport:
    """Publish: the PDF drawn once by the worker, from the figures and sections as they are
    then, and kept unchanged; its readers (the senior leadership team and the service managers in scope, PSQA)
    are emailed a link."""
    can_write_reports.require(actor)
    with transaction.atomic():
        report = QAReport.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise ValidationError("The report is already published")
        missing = [
            QAReport._meta.get_field(name).verbose_name
            for name in SECTIONS
            if not getattr(report, name)
        ]
        if missing:
            raise ValidationError(
                f"Write the {', '.join(missing)} before publishing: the report's readers expect each section"
            )
        WORKFLOW.move(report, PUBLISH, published_at=timezone.now(), published_by=actor)
        kept_pdfs.draw_when_committed(report)  # by the worker: drawing takes seconds
        emails.queue_report_published(report, readers_of(report))
    return report


def quarterly_job(*, today: date | None = None) -> list[QAReport]:
    """Daily: once a quarter has ended, draft its reports (the directorate's and each
    service's) once, and tell PSQA they are ready to write. Returns the reports drafted now."""
    today = today or timezone.localdate()
    start, end = workdays.last_quarter(today)
    drafted = []
    scopes = [None, *Service.objects.order_by("name")]
    for service in scopes:
        level = ReportLevel.SERVICE if service else ReportLevel.DIRECTORATE
        if QAReport.objects.filter(
            quarterly=True, period_start=start, level=level, service=service
        ).exists():
            continue
        drafted.append(
            qa_report_draft(actor=None, start=start, end=end, service=service, quarterly=True)
        )
    if drafted:
        emails.queue_reports_drafted(drafted, start=start)
    return drafted
