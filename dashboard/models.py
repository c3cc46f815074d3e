"""The case management dashboard: the eight Signs of Safety measures per child (from the case
system's exports, or recorded on the child's page), their month-by-month roll-up, the imports'
runs and the monthly reports."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from bexley_qa.fields import AnswerField
from bexley_qa.history import tracked
from bexley_qa.people.models import Child, PlanType, Service, Team, User

from .qa_reports.workflow import WORKFLOW as QA_REPORT_WORKFLOW


class Measure(models.TextChoices):
    """The eight core aspects of Signs of Safety practice, the seed's Fig. 2.1 "Dashboard
    Measures" (its "analysis and judgement" box split in three), in the figure's order and words.
    ("Mapping" alone is not one: the seed also uses "case mapping" for another activity.)"""

    MAPPING = "mapping", "Mapping with family (parent/carer experience)"
    THREE_HOUSES = "three_houses", "Three houses or equivalent (child's experience)"
    DANGER_STATEMENT = "danger_statement", "Danger statement (analysis and judgement)"
    SAFETY_GOAL = "safety_goal", "Safety goal (analysis and judgement)"
    SAFETY_SCALE = "safety_scale", "Safety scale (analysis and judgement)"
    WORDS_PICTURES = "words_pictures", "Words & pictures"
    NETWORK_MEETING = "network_meeting", "Family network meeting"
    SAFETY_PLAN = "safety_plan", "Safety plan"


# The grids' column headings.
SHORT_LABELS = {
    Measure.MAPPING: "Mapping with family",
    Measure.THREE_HOUSES: "Three houses",
    Measure.DANGER_STATEMENT: "Danger statement",
    Measure.SAFETY_GOAL: "Safety goal",
    Measure.SAFETY_SCALE: "Safety scale",
    Measure.WORDS_PICTURES: "Words & pictures",
    Measure.NETWORK_MEETING: "Family network meeting",
    Measure.SAFETY_PLAN: "Safety plan",
}


class Source(models.TextChoices):
    IMPORT = "import", "Case system export"
    ENTERED = "entered", "Recorded in this app"


@tracked()
class MeasureCompletion(models.Model):
    """One completion of one measure for one child, on a date. Never overwritten: a measure done
    again is another row, so the history stays."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="sos_measures")
    measure = models.CharField(max_length=20, choices=Measure.choices)
    completed_on = models.DateField("date completed")
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    import_run = models.ForeignKey(
        "ImportRun", on_delete=models.PROTECT, null=True, blank=True, related_name="measures"
    )

    class Meta:
        ordering = ["-completed_on", "measure"]
        constraints = [
            # The same completion twice is one completion: importing a file again adds nothing.
            models.UniqueConstraint(
                fields=["child", "measure", "completed_on"], name="one_completion_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} for child {self.child_id} on {self.completed_on}"


class MonthlyFigure(models.Model):
    """For one month, team and plan type: the children open at the month's end and how many had
    each measure done by then (since their current referral). The current month's figures are
    refreshed by every import and each night; a month's figures are taken for the last time
    when the month has ended (`final`) and are not changed after."""

    month = models.DateField(help_text="The first day of the month.")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    plan_type = models.CharField(max_length=20, choices=PlanType.choices)
    children = models.PositiveIntegerField()
    mapping = models.PositiveIntegerField()
    three_houses = models.PositiveIntegerField()
    danger_statement = models.PositiveIntegerField()
    safety_goal = models.PositiveIntegerField()
    safety_scale = models.PositiveIntegerField()
    words_pictures = models.PositiveIntegerField()
    network_meeting = models.PositiveIntegerField()
    safety_plan = models.PositiveIntegerField()
    final = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "team", "plan_type"], name="one_figure_per_month_team_plan"
            )
        ]
        indexes = [models.Index(fields=["team", "month"])]

    def __str__(self) -> str:
        return (
            f"{self.month:%B %Y}, team {self.team_id}, {self.plan_type}: {self.children} children"
        )


class ImportKind(models.TextChoices):
    CHILDREN = "children", "Children (core data)"
    MEASURES = "measures", "Signs of Safety measures"


# What an import's summary counts, in the one order the pages show it (stored as jsonb, which
# keeps its keys in an order of its own).
CHILD_CHANGES = (
    "new", "moved team", "new worker", "closed", "re-opened", "details updated", "unchanged",
)  # fmt: skip
MEASURE_OUTCOMES = ("added", "already recorded")
SUMMARY_ORDER = {what: index for index, what in enumerate(CHILD_CHANGES + MEASURE_OUTCOMES)}


class ImportRun(models.Model):
    """One import of a case system export, by upload, command or the nightly folder job: what
    came of it (imported, or refused with its problems). The file itself is not kept."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Refused"

    class Via(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        FOLDER = "folder", "Nightly folder"
        COMMAND = "command", "Command"

    kind = models.CharField(max_length=10, choices=ImportKind.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    run_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(default=0)
    # What changed ({"new": 3, "moved team": 1, ...}) or, refused, the first problems and total.
    summary = models.JSONField(default=dict)
    # The children import: the case IDs of each kind of change (a case may have several).
    changes = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import of {self.file_name}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("imports:run", kwargs={"pk": self.pk})

    @property
    def summary_text(self) -> str:
        """What changed, in words: "3 new, 1 moved team, 40 unchanged"."""
        return ", ".join(f"{count:,} {what}" for what, count in self._summary()) or "nothing"

    def _summary(self) -> list[tuple[str, int]]:
        return sorted(self.summary.items(), key=lambda item: SUMMARY_ORDER.get(item[0], 99))

    @property
    def change_lists(self) -> list[tuple[str, list[str]]]:
        return [(what, self.changes[what]) for what, _ in self._summary() if what in self.changes]


class ReportLevel(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    SERVICE = "service", "Service"
    TEAM = "team", "Team"


class MonthlyReport(models.Model):
    """The monthly Case Management Dashboard report of one scope (the directorate, a service or
    a team) for one month: its PDF and CSV as produced. Never changed once produced."""

    month = models.DateField(help_text="The first day of the month reported on.")
    level = models.CharField(max_length=12, choices=ReportLevel.choices)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    produced_at = models.DateTimeField(default=timezone.now)
    pdf = models.BinaryField(editable=False)
    csv = models.TextField(editable=False)

    class Meta:
        ordering = ["-month", "level", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "level", "service", "team"],
                nulls_distinct=False,
                name="one_report_per_month_and_scope",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        """The report's part of a file name: "directorate", "service-3", "team-7"."""
        return {
            ReportLevel.DIRECTORATE: "directorate",
            ReportLevel.SERVICE: f"service-{self.service_id}",
            ReportLevel.TEAM: f"team-{self.team_id}",
        }[self.level]


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
                name="one_quarterly_report_per_scope",
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
        """Draft or published (dashboard/qa_reports/workflow.py)."""
        return QA_REPORT_WORKFLOW.tag(self)

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return f"{self.period_start:%B %Y}"
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"
