"""The case management dashboard: the eight Signs of Safety measures per child (from the case
system's exports, or recorded on the child's page), their month-by-month roll-up and the
monthly reports."""

from django.db import models
from django.utils import timezone

from bexley_qa.history import tracked
from bexley_qa.people.models import Child, PlanType, Service, Team, User


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
        "imports.ImportRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
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
        return f"{self.get_measure_display()} done on {self.completed_on:%-d %B %Y}"


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
        indexes = [
            models.Index(fields=["team", "month"]),
            # The kept figures read the roll-up's last refresh at every page (reporting/counted.py).
            models.Index(fields=["computed_at"], name="monthly_figure_computed_at"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.month:%B %Y}, team {self.team_id}, {self.plan_type}: {self.children} children"
        )


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
