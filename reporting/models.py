"""Reporting's records: the quarterly QA report, with its sections and, once published, its PDF;
the Director's monthly overview as its PDF; each person's QA calendar feed; a published report's
highlights for stakeholders; and the directorate-wide figures as last counted (`CountedFigures`,
kept by reporting/counted.py), which the audit results and QA report pages read instead of
counting a county's audits while someone waits."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from bexley_qa.fields import AnswerField
from bexley_qa.history import tracked
from bexley_qa.people.models import Service, User
from sos.models import ReportLevel

from .qa_reports.workflow import WORKFLOW

REPORT_SECTION_MAX_LENGTH = 6000  # a page or two of a report's section


@tracked(exclude=["pdf"])
class QAReport(models.Model):
    """The quarterly QA report (or one drafted on demand for any period) of the directorate or
    one service: the period's audit figures against the four quarters before it, and the sections
    PSQA write before publishing. Its PDF is made once, on publishing, and never changed."""

    period_start = models.DateField(help_text="The first day of the period's first month.")
    period_end = models.DateField(help_text="The first day of the period's last month.")
    quarterly = models.BooleanField(default=False, help_text="Drafted by the quarterly job.")
    level = models.CharField(
        max_length=12,
        choices=[(ReportLevel.DIRECTORATE, "Directorate"), (ReportLevel.SERVICE, "Service")],
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    themes = AnswerField("themes", blank=True, max_length=REPORT_SECTION_MAX_LENGTH)
    key_learning = AnswerField("key learning", blank=True, max_length=REPORT_SECTION_MAX_LENGTH)
    recommendations = AnswerField(
        "recommendations", blank=True, max_length=REPORT_SECTION_MAX_LENGTH
    )
    impact = AnswerField(
        "the impact of agreed actions", blank=True, max_length=REPORT_SECTION_MAX_LENGTH
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    drafted_by = models.ForeignKey(  # None: the quarterly job
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-period_end", "-period_start", "level", "title", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "level", "service"],
                condition=models.Q(quarterly=True),
                nulls_distinct=False,
                name="one_quarterly_qa_report_per_scope",
            ),
            models.CheckConstraint(
                condition=models.Q(level=ReportLevel.DIRECTORATE, service__isnull=True)
                | models.Q(level=ReportLevel.SERVICE, service__isnull=False),
                name="qa_report_service_with_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("qa_reports:report", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def status_tag(self):
        """Draft or published (reporting/qa_reports/workflow.py)."""
        return WORKFLOW.tag(self)

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return f"{self.period_start:%B %Y}"
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"


class MonthlyOverview(models.Model):
    """The Director's overview of a month that has ended, as a PDF: made once, from the month's
    first working day, kept, and emailed to the senior leadership team for the Week 2 review."""

    month = models.DateField(unique=True, help_text="The first day of the month reported on.")
    produced_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"The Director's overview, {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("overview:pdf", args=[self.pk])


class CalendarFeed(models.Model):
    """A person's QA calendar feed: its secret address is shown once, when it is made, and only
    its SHA-256 is kept; making a new one or revoking it stops the old address working."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"QA calendar feed of {self.user}"


@tracked(exclude=["pdf"])
class Highlights(models.Model):
    """A published QA report's highlights for stakeholders (the Safeguarding Children Partnership,
    councillors, the Chief Executive): its key figures with small numbers hidden and a summary
    PSQA write, checked to name no one; PSQA release it, and it is kept as released."""

    report = models.OneToOneField(QAReport, on_delete=models.PROTECT, related_name="highlights")
    summary = AnswerField("the highlights", blank=True, max_length=REPORT_SECTION_MAX_LENGTH)
    version = models.PositiveIntegerField(default=1)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.BinaryField(null=True, editable=False)

    def __str__(self) -> str:
        return f"Highlights of {self.report}"

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class CountedFigures(models.Model):
    """A page's figures as last counted (over the whole directorate, or a manager's teams): the
    tables (and what their charts draw) of the audit results for one question, scope, filters
    and period, or of a QA report.
    Derived from the records, so not tracked: reporting/counted.py counts them again when the
    records have changed since (`fingerprint`) and drops those no one has read for a while."""

    key = models.CharField(max_length=64, unique=True)  # SHA-256 of `asked`
    asked = models.JSONField()  # what was counted, enough to count it again
    figures = models.JSONField()
    fingerprint = models.CharField(max_length=64)  # the records' state when counted
    counted_at = models.DateTimeField()
    read_at = models.DateTimeField()
    # When a page first found the records changed since and asked the worker to count them
    # again; cleared once counted. Asked long ago and still not counted: no worker came.
    recount_asked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Figures counted at {self.counted_at:%Y-%m-%d %H:%M}: {self.asked}"
