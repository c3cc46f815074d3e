"""Moderation: a month's sample of completed audits, each moderated by someone independent of it.

A `Sample` is drawn once per month (its random seed stored, so the draw can be repeated). Each
`Moderation` is one audit in it: proposed (with why it was chosen), removed by PSQA with a reason,
allocated to a moderator with a return date, then moderated and finalised. The moderator scales
the 19 areas (`ModerationScore`), reviews each of the audit's actions (`ActionReview`), records a
grade and whether they agree with the auditor's; on disagreement they meet the auditor and record
the agreed grade and the learning. Finalising makes the agreed grade the audit's final grade.
Status moves only through `moderation/services.py`.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from audits.models import (
    GRADE_CHOICES,
    INADEQUATE,
    SCORE_VALIDATORS,
    TOP_GRADE,
    Action,
    ActionSource,
    ActionStatus,
    Audit,
    Band,
    band_q,
    grade_band,
    overdue_q,
)
from audits.practice_areas import AREA_COUNT
from bexley_qa.fields import AnswerField
from bexley_qa.history import tracked
from bexley_qa.people.models import User
from bexley_qa.references import reference_of

from .workflow import IN_PROGRESS, IN_SAMPLE, WORKFLOW, ModerationStatus, is_overdue


@tracked()
class Sample(models.Model):
    """The audits proposed for one month's moderation (one per month: proposing twice does not
    draw twice)."""

    month = models.DateField(unique=True, help_text="The first day of the month.")
    seed = models.BigIntegerField(help_text="The random draw's seed: the same seed, the same draw.")
    share_percent = models.PositiveSmallIntegerField()
    proposed_at = models.DateTimeField(auto_now_add=True)
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: proposed by the monthly schedule

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Moderation sample for {self.month:%B %Y}"


class Agreement(models.TextChoices):
    AGREE = "agree", "I agree with the auditor's grade"
    DISAGREE = "disagree", "I disagree with the auditor's grade"


class ActionCompleted(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


NOT_COMPLETED = (ActionCompleted.PARTLY, ActionCompleted.NO)


@tracked()
class Moderation(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.PROTECT, related_name="moderations")
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="moderations")
    reason = models.CharField("why it was chosen", max_length=300)
    status = models.CharField(
        max_length=12, choices=ModerationStatus.choices, default=ModerationStatus.PROPOSED
    )
    removed_reason = AnswerField(blank=True)

    moderator = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="moderations"
    )
    return_date = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)

    good_practice = AnswerField("comments on good practice", blank=True)
    areas_for_development = AnswerField("areas for development", blank=True)
    grade = models.PositiveSmallIntegerField(
        "moderator's grade", null=True, blank=True, choices=GRADE_CHOICES
    )
    outstanding = models.BooleanField(default=False)
    agreement = models.CharField(max_length=10, choices=Agreement.choices, blank=True)

    # Disagreement: the meeting with the auditor (and the team manager) and what it agreed.
    meeting_date = models.DateField(null=True, blank=True)
    meeting_attendees = models.CharField("who attended", max_length=500, blank=True)
    agreed_grade = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    agreed_outstanding = models.BooleanField(default=False)
    learning_strengths = AnswerField("strengths in the auditor's auditing practice", blank=True)
    learning_to_develop = AnswerField("areas to develop in auditing practice", blank=True)

    finalised_at = models.DateTimeField(null=True, blank=True)
    # Fig 1.4: "Moderator finalises the form and puts case note on LL under management oversight".
    case_note = AnswerField("management oversight case note", blank=True)
    final_grade = models.PositiveSmallIntegerField(null=True, blank=True, choices=GRADE_CHOICES)
    final_outstanding = models.BooleanField(default=False)

    # After finalising: the team manager's management oversight note on the moderation, in the
    # framework's four parts: "direction, action, timescale, and completion of tasks".
    oversight_direction = AnswerField("case direction", blank=True)
    oversight_action = AnswerField("action to be taken", blank=True)
    oversight_timescale = AnswerField("timescale", blank=True)
    oversight_completion = AnswerField("completion of tasks", blank=True)
    oversight_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    oversight_recorded_at = models.DateTimeField(null=True, blank=True)

    reminded_on = models.DateField(null=True, blank=True)  # the return-date reminder
    overdue_notified_on = models.DateField(null=True, blank=True)  # PSQA told: 5 working days late
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["return_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit"],
                condition=~models.Q(status=ModerationStatus.REMOVED),
                name="one_moderation_per_audit",
                violation_error_message="This audit is already in a moderation sample.",
            ),
            models.CheckConstraint(
                condition=models.Q(outstanding=False) | models.Q(grade=TOP_GRADE),
                name="moderation_outstanding_only_on_a_6",
            ),
            models.CheckConstraint(
                condition=models.Q(agreed_outstanding=False) | models.Q(agreed_grade=TOP_GRADE),
                name="moderation_agreed_outstanding_only_on_a_6",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ModerationStatus.PROPOSED)
                | models.Q(status=ModerationStatus.REMOVED)
                | models.Q(moderator__isnull=False, return_date__isnull=False),
                name="allocated_moderation_has_moderator_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Moderation of audit {reference_of(self.audit_id)}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:detail", kwargs={"pk": self.pk})

    @property
    def status_tag(self):
        """How the moderation is shown: its status, In progress once graded, Overdue once past
        its return date (moderation/workflow.py)."""
        return WORKFLOW.tag(self)

    @property
    def is_in_sample(self) -> bool:
        """Still PSQA's to allocate, re-allocate or remove (not finalised or removed)."""
        return self.status in IN_SAMPLE

    @property
    def is_in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def is_finalised(self) -> bool:
        return self.status == ModerationStatus.FINALISED

    @property
    def is_overdue(self) -> bool:
        return is_overdue(self)

    @property
    def days_left(self) -> int | None:
        if self.return_date is None:
            return None
        return (self.return_date - timezone.localdate()).days

    @property
    def disagrees(self) -> bool:
        return self.agreement == Agreement.DISAGREE

    @property
    def band(self):
        return grade_band(self.grade, outstanding=self.outstanding)

    @property
    def agreed_band(self):
        return grade_band(self.agreed_grade, outstanding=self.agreed_outstanding)

    @property
    def final_band(self):
        return grade_band(self.final_grade, outstanding=self.final_outstanding)

    @property
    def grade_to_finalise(self) -> tuple[int | None, bool]:
        """Agree: the moderator's grade. Disagree: the grade agreed at the meeting."""
        if self.disagrees:
            return self.agreed_grade, self.agreed_outstanding
        return self.grade, self.outstanding

    @property
    def band_to_finalise(self):
        grade, outstanding = self.grade_to_finalise
        return grade_band(grade, outstanding=outstanding)

    @property
    def has_learning(self) -> bool:
        return bool(self.learning_strengths or self.learning_to_develop)

    @property
    def oversight_recorded(self) -> bool:
        return self.oversight_recorded_at is not None

    @property
    def remained_inadequate(self) -> bool:
        """Finalised with an Inadequate grade: the grade it asked for action on (an amendment
        later is PSQA's correction of the grade, not a new ask)."""
        return self.is_finalised and self.final_band is INADEQUATE

    def outstanding_actions(self) -> QuerySet[Action]:
        """What the finalised moderation asked the worker and managers to do within 24 hours
        (the rule below): empty before finalising, and when nothing was outstanding."""
        if not self.is_finalised:
            return Action.objects.none()
        asked = not_completed_past_due_q(
            moderation=self.pk, finalised_on=timezone.localdate(self.finalised_at)
        )
        if self.remained_inadequate:
            asked |= immediate_open_q(finalised_at=self.finalised_at)
        return Action.objects.filter(OPEN_AUDIT_ACTION & asked, audit=self.audit_id).select_related(
            "owner"
        )


# The rule, written once (framework, Fig. 1.4). After a moderation, an action of the audit is
# outstanding when it is still open and either the moderator found it not completed (no, or only
# partly) and it was past its due date on the day the moderation was finalised, or it is an
# immediate action and the moderation finalised the case as Inadequate. Never an action not yet
# due, and never the moderator's own additional actions, which carry their own timescales. The 24
# hours to act run from the finalising; what is still open then escalates (`escalated`).
OPEN_AUDIT_ACTION = Q(status=ActionStatus.OPEN, source=ActionSource.AUDIT)


def not_completed_past_due_q(*, moderation, finalised_on) -> Q:
    """Over Action: found not completed by this moderation and past due when it was finalised.
    `moderation` and `finalised_on` may be values or expressions (the moderation is then two
    queries out: the reviews are a subquery of the actions)."""
    found_not_completed = ActionReview.objects.filter(
        moderation=moderation, completed__in=NOT_COMPLETED
    ).values("action")
    return Q(pk__in=found_not_completed) & overdue_q(on=finalised_on)


def immediate_open_q(*, finalised_at) -> Q:
    """Over Action: an immediate action (needed to reach Good), recorded by the time of the
    finalising."""
    return Q(immediate=True, created_at__lte=finalised_at)


def escalated(*, asked_before) -> QuerySet["Moderation"]:
    """Moderations finalised at or before `asked_before` (24 hours ago: workdays) with an action
    they asked for still open, as the rule above says."""
    actions = Action.objects.filter(OPEN_AUDIT_ACTION, audit=OuterRef("audit"))
    past_due = actions.filter(
        not_completed_past_due_q(
            moderation=OuterRef(OuterRef("pk")), finalised_on=OuterRef("finalised_on")
        )
    )
    immediate = actions.filter(immediate_open_q(finalised_at=OuterRef("finalised_at")))
    return (
        Moderation.objects.filter(status=ModerationStatus.FINALISED, finalised_at__lte=asked_before)
        .annotate(finalised_on=TruncDate("finalised_at"))
        .filter(Q(Exists(past_due)) | (band_q(Band.INADEQUATE) & Q(Exists(immediate))))
    )


@tracked()
class ModerationScore(models.Model):
    """One practice area as the moderator scales it, saved as they type."""

    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="scores")
    area = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(AREA_COUNT)]
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_VALIDATORS)
    comment = AnswerField(blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(fields=["moderation", "area"], name="one_moderated_score")
        ]

    def __str__(self) -> str:
        return f"Area {self.area} of a moderation"


@tracked()
class ActionReview(models.Model):
    """Whether one of the audit's actions was completed, as the moderator found it."""

    moderation = models.ForeignKey(
        Moderation, on_delete=models.CASCADE, related_name="action_reviews"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")
    completed = models.CharField(max_length=8, choices=ActionCompleted.choices)
    note = AnswerField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["moderation", "action"], name="one_review_per_action")
        ]

    def __str__(self) -> str:
        return f"Review of the action: {self.action}"


@tracked()
class Amendment(models.Model):
    """A correction to a finalised moderation's grade, by PSQA with a reason. The moderation as
    finalised is kept unchanged beside it; the latest amendment's grade is the final grade."""

    moderation = models.ForeignKey(Moderation, on_delete=models.PROTECT, related_name="amendments")
    grade = models.PositiveSmallIntegerField(choices=GRADE_CHOICES)
    outstanding = models.BooleanField(default=False)
    reason = AnswerField()
    amended_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["amended_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outstanding=False) | models.Q(grade=TOP_GRADE),
                name="amendment_outstanding_only_on_a_6",
            )
        ]

    def __str__(self) -> str:
        return f"Amendment of {self.moderation}"

    @property
    def band(self):
        return grade_band(self.grade, outstanding=self.outstanding)
