"""A collaborative case audit, its practice-area scores, self-assessments and history.

Status is moved only by `workflow.move()`, called by the service functions in audits/services/,
which records an AuditEvent each time. Questions about a grade (its band, whether it is
Inadequate or below Good) are answered here and nowhere else.
"""

from dataclasses import dataclass

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa import workflow as tasks
from bexley_qa.fields import AnswerField
from bexley_qa.history import tracked
from bexley_qa.people.models import Child, Ethnicity, Gender, Team, User
from bexley_qa.references import reference_of

from .practice_areas import AREA_COUNT
from .practice_week.workflow import WORKFLOW as WEEK_WORKFLOW
from .workflow import (
    ACTION_WORKFLOW,
    DONE,
    FOLLOW_UP_DUE_TODAY,
    FOLLOW_UP_OVERDUE,
    OPEN,
    REVIEW_NOT_SATISFIED,
    REVIEW_OVERDUE,
    REVIEW_SATISFIED,
    WORKFLOW,
    ActionStatus,
    AuditStatus,
    EventCode,
)

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


class AuditKind(models.TextChoices):
    ROUTINE = "routine", "Routine"
    THEMATIC = "thematic", "Thematic"
    PRACTICE_WEEK = "practice_week", "Practice Week"
    MULTI_AGENCY = "multi_agency", "Multi-agency"


class Theme(models.TextChoices):
    """The framework's seven core areas of practice (seed, 1.1), which the audits measure and
    the reports count; or another theme, described."""

    NEED_AND_RISK = "need_and_risk", "Assessments of need and risk to children and young people"
    ADULT_CARERS = "adult_carers", "Assessments of adult carers"
    SAFETY_PLANNING = "safety_planning", "Safety planning and the effectiveness of intervention"
    DIRECT_WORK = (
        "direct_work",
        ("Direct working relationships with children, young people and their families"),
    )
    PARTNERSHIP = (
        "partnership",
        ("Partnership working and effectiveness of multi-agency meetings and reviews"),
    )
    PLAIN_LANGUAGE = "plain_language", "Plain language in report writing and case recording"
    MANAGEMENT_OVERSIGHT = (
        "management_oversight",
        ("Management oversight and decision making (includes supervision)"),
    )
    OTHER = "other", "Other"


THEME_OTHER_MAX_LENGTH = 200


def theme_errors(theme: str, other: str, *, kind: str = "") -> dict[str, str]:
    """What is wrong with this theme, by field: a thematic audit needs one; "other" needs
    describing, and only "other" is described."""
    if kind == AuditKind.THEMATIC and not theme:
        return {"theme": "Select the theme of a thematic audit"}
    if theme and theme not in Theme.values:
        return {"theme": "Select a theme from the list"}
    if theme == Theme.OTHER and not other.strip():
        return {"theme_other": "Describe the theme"}
    if other.strip() and theme != Theme.OTHER:
        return {"theme_other": "Describe a theme only when it is ‘Other’"}
    if len(other) > THEME_OTHER_MAX_LENGTH:
        return {"theme_other": f"The theme must be {THEME_OTHER_MAX_LENGTH} characters or fewer"}
    return {}


class PracticeObservation(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required"
    REQUIRED = "required", "Required"
    UNDERTAKEN = "undertaken", "Undertaken"


@dataclass(frozen=True)
class GradeBand:
    label: str
    tag_colour: str  # GOV.UK tag modifier


INADEQUATE = GradeBand("Inadequate", "red")
REQUIRES_IMPROVEMENT = GradeBand("Requires improvement", "yellow")
GOOD = GradeBand("Good", "green")
OUTSTANDING = GradeBand("Outstanding", "purple")
GRADES = range(7)  # the overall grade is 0 to 6
TOP_GRADE = 6  # Good; Outstanding may be recorded only on it
GRADE_CHOICES = [(n, str(n)) for n in GRADES]


def grade_band(grade: int | None, *, outstanding: bool = False) -> GradeBand | None:
    """The band of an overall grade 0–6: 0–2 Inadequate, 3–5 Requires improvement, 6 Good.

    Outstanding may be recorded only on a 6, where good is reached and surpassed.
    """
    if grade is None:
        return None
    if grade not in GRADES:
        raise ValueError(f"An overall grade is 0 to 6, not {grade}")
    if grade <= 2:
        return INADEQUATE
    if grade < TOP_GRADE:
        return REQUIRES_IMPROVEMENT
    return OUTSTANDING if outstanding else GOOD


class Band(models.TextChoices):
    """The bands a list can be filtered by (the grade's band, as grade_band gives it)."""

    INADEQUATE = "inadequate", INADEQUATE.label
    REQUIRES_IMPROVEMENT = "requires_improvement", REQUIRES_IMPROVEMENT.label
    GOOD = "good", GOOD.label
    OUTSTANDING = "outstanding", OUTSTANDING.label


GRADE_BANDS = {
    Band.INADEQUATE: INADEQUATE,
    Band.REQUIRES_IMPROVEMENT: REQUIRES_IMPROVEMENT,
    Band.GOOD: GOOD,
    Band.OUTSTANDING: OUTSTANDING,
}


def band_q(band: str, prefix: str = "") -> models.Q:
    """Audits whose final grade (the one that counts) is in this band (the database's side of
    grade_band); `prefix` reaches the audit from another model ("audit__")."""
    grade, outstanding = f"{prefix}final_grade", f"{prefix}final_outstanding"
    return {
        Band.INADEQUATE: models.Q(**{f"{grade}__lte": 2}),
        Band.REQUIRES_IMPROVEMENT: models.Q(**{f"{grade}__gte": 3, f"{grade}__lt": TOP_GRADE}),
        Band.GOOD: models.Q(**{grade: TOP_GRADE, outstanding: False}),
        Band.OUTSTANDING: models.Q(**{grade: TOP_GRADE, outstanding: True}),
    }[band]


def grade_errors(grade: int | None, outstanding: bool) -> dict[str, str]:
    """What is wrong with this overall grade, by field (empty when it is a grade that can be given)."""
    if grade is None or grade not in GRADES:
        return {"grade": "Select an overall grade from 0 to 6"}
    if outstanding and grade != TOP_GRADE:
        return {"outstanding": "Outstanding can only be recorded on a grade of 6"}
    return {}


@tracked()
class Audit(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="audits")
    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="audits_to_do")
    # As they were at allocation: a later team move must not rewrite history.
    practitioner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="audits_of_my_cases"
    )
    manager = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="audits_as_manager"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="audits")
    staying_together_worker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="audits_as_st_worker"
    )
    allocated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="audits_allocated"
    )
    allocated_at = models.DateTimeField(auto_now_add=True)

    kind = models.CharField(
        "audit type", max_length=20, choices=AuditKind.choices, default=AuditKind.ROUTINE
    )
    practice_week = models.ForeignKey(
        "PracticeWeek", on_delete=models.PROTECT, null=True, blank=True, related_name="audits"
    )
    theme = models.CharField(max_length=30, choices=Theme.choices, blank=True)
    theme_other = models.CharField(
        "the theme, when it is Other", max_length=THEME_OTHER_MAX_LENGTH, blank=True
    )
    status = models.CharField(
        max_length=20, choices=AuditStatus.choices, default=AuditStatus.ALLOCATED
    )
    meeting_date = models.DateField(null=True, blank=True)

    # Section 1: case demographics, prefilled from the case file at allocation.
    referral_date = models.DateField("date the referral was received", null=True, blank=True)
    commenced_on = models.DateField("collaborative case audit commenced", null=True, blank=True)
    completed_on = models.DateField("collaborative case audit completed", null=True, blank=True)
    practice_observation = models.CharField(
        max_length=20, choices=PracticeObservation.choices, default=PracticeObservation.NOT_REQUIRED
    )
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=16, choices=Gender.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices)
    first_language = models.CharField(max_length=60)
    section_1_confirmed_at = models.DateTimeField(null=True, blank=True)

    # Section 6: the overall rating.
    grade = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=GRADE_CHOICES, validators=[MaxValueValidator(6)]
    )
    outstanding = models.BooleanField(default=False)
    impact_summary = AnswerField("what difference are we making", blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    # The grade that counts: the auditor's, until a moderation agrees another (with its own
    # Outstanding). Set only by audit_grade and audit_final_grade_set.
    final_grade = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(6)]
    )
    final_outstanding = models.BooleanField(default=False)
    moderated_at = models.DateTimeField(null=True, blank=True)

    # An Inadequate outcome is sent to the child's line once its immediate actions are recorded;
    # its immediate actions are due, and escalate, 24 hours later.
    outcome_sent_at = models.DateTimeField(null=True, blank=True)
    outcome_sent_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = AnswerField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-allocated_at"]
        indexes = [
            # The audits list, newest first: its page read from the index, not every audit
            # joined to its people and sorted (which grew with the audits).
            models.Index(
                models.F("allocated_at").desc(), models.F("id").desc(), name="audit_newest_first"
            ),
            # The audit results count audits by the month they were completed or moderated.
            models.Index(fields=["completed_at"], name="audit_completed_at"),
            models.Index(fields=["moderated_at"], name="audit_moderated_at"),
            # The Inadequate audits whose outcome was sent (the home pages' escalations and
            # reviews): a few among every audit.
            models.Index(
                fields=["outcome_sent_at"],
                condition=models.Q(outcome_sent_at__isnull=False),
                name="audit_outcome_sent",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status__in=OPEN),
                name="one_open_audit_per_child",
                violation_error_message="This child already has an audit in progress.",
            ),
            models.CheckConstraint(
                condition=models.Q(outstanding=False) | models.Q(grade=TOP_GRADE),
                name="outstanding_only_on_a_6",
            ),
            models.CheckConstraint(
                condition=models.Q(final_outstanding=False) | models.Q(final_grade=TOP_GRADE),
                name="final_outstanding_only_on_a_6",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"Audit {self.reference} of case {self.child.case_id}"

    def get_absolute_url(self) -> str:
        return reverse("audits:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """How people name an audit (on its page, the lists, emails and its PDF): AUD-00042."""
        return reference_of(self.pk)

    @property
    def theme_display(self) -> str:
        """The theme as people read it: a core area, or "Other: ..." described."""
        if self.theme == Theme.OTHER:
            return f"Other: {self.theme_other}"
        return self.get_theme_display() if self.theme else ""

    @property
    def is_open(self) -> bool:
        """In progress: allocated, meeting booked or graded (workflow.OPEN)."""
        return self.status in OPEN

    @property
    def is_done(self) -> bool:
        """Completed or followed up: the outcome stands (workflow.DONE)."""
        return self.status in DONE

    def latest_review(self, kind: str):
        """The latest manager review of this kind (ReviewKind), or None: where the audit stands."""
        reviews = [review for review in self.manager_reviews.all() if review.kind == kind]
        return reviews[-1] if reviews else None

    @property
    def service_manager_review(self):
        return self.latest_review(ReviewKind.SERVICE_MANAGER)

    @property
    def close_off(self):
        return self.latest_review(ReviewKind.CLOSE_OFF)

    @property
    def service_manager_review_overdue_tag(self):
        """Overdue when no service manager has reviewed it by its due date (workflow.py)."""
        due = self.service_manager_review_due
        if due is None or self.service_manager_review or due >= timezone.localdate():
            return None
        return REVIEW_OVERDUE

    @property
    def service_manager_review_due(self):
        """5 working days after the Inadequate outcome was sent (bexley_qa/workdays.py)."""
        if self.outcome_sent_at is None:
            return None
        return workdays.service_manager_review_due(self.outcome_sent_at)

    @property
    def status_tag(self):
        """How the audit's status is shown (audits/workflow.py)."""
        return WORKFLOW.tag(self)

    @property
    def band(self) -> GradeBand | None:
        """The band of the grade that counts (the final grade: the moderated one, if any)."""
        return grade_band(self.final_grade, outstanding=self.final_outstanding)

    @property
    def auditor_band(self) -> GradeBand | None:
        """The band of the auditor's own grade (shown beside a moderated one)."""
        return grade_band(self.grade, outstanding=self.outstanding)

    @property
    def grade_changed_by_moderation(self) -> bool:
        return self.moderated_at is not None and (self.grade, self.outstanding) != (
            self.final_grade,
            self.final_outstanding,
        )

    @property
    def is_inadequate(self) -> bool:
        """Graded 0 to 2."""
        return self.band is INADEQUATE

    @property
    def below_good(self) -> bool:
        """Graded below 6: immediate actions to reach Good are needed."""
        return self.band in (INADEQUATE, REQUIRES_IMPROVEMENT)

    @property
    def meeting_still_ahead(self) -> bool:
        """The audit meeting is booked for a day after today (completing now would be early)."""
        return self.meeting_date is not None and self.meeting_date > timezone.localdate()

    def areas_scored(self) -> int:
        """How many of the 19 practice areas have a score (audit_detail counts it already)."""
        if hasattr(self, "scored"):
            return self.scored
        return self.area_scores.filter(score__isnull=False).count()

    @property
    def ready_to_grade(self) -> bool:
        """Every practice area is scored: the audit can be graded overall."""
        return self.areas_scored() == AREA_COUNT

    @property
    def immediate_actions_due_at(self):
        """Inadequate only: 24 hours after the outcome was sent (None until it is sent)."""
        if not (self.is_inadequate and self.outcome_sent_at):
            return None
        return workdays.within_24_hours(self.outcome_sent_at)

    @property
    def is_practice_week(self) -> bool:
        return self.kind == AuditKind.PRACTICE_WEEK

    @property
    def needs_practice_observation(self) -> bool:
        """The framework requires a practice observation action: Inadequate or Practice Week."""
        return self.is_inadequate or self.is_practice_week

    @property
    def self_assessors(self) -> list[User]:
        """Who is asked for a self-assessment: the practitioner, and the ST worker if involved
        (once, if one person is both)."""
        people = [self.practitioner]
        if self.staying_together_worker_id not in (None, self.practitioner_id):
            people.append(self.staying_together_worker)
        return people


@tracked()
class AreaScore(models.Model):
    """One practice area of one audit, saved as the auditor types (hence every field optional)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="area_scores")
    area = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(AREA_COUNT)]
    )
    signs_of_impact = AnswerField(
        blank=True, help_text="The evidence seen, with where it is on the child's file."
    )
    worked_well = AnswerField("areas of strength", blank=True)
    # The hints: "Areas of impact and areas of strength should be evidenced with a reference of
    # where this can be found on the child/young person’s file".
    strengths_reference = models.CharField(
        "where the strengths are on the child's file", max_length=300, blank=True
    )
    to_move_up = AnswerField("areas to develop", blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_VALIDATORS)
    rationale = AnswerField("auditor rationale", blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["area"]
        constraints = [models.UniqueConstraint(fields=["audit", "area"], name="one_score_per_area")]

    def __str__(self) -> str:
        return f"Area {self.area} of audit {reference_of(self.audit_id)}"


@tracked()
class SelfAssessment(models.Model):
    """Section 2: a practitioner's (or Staying Together worker's) preparation for the meeting."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="self_assessments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="self_assessments")
    difference_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCORE_VALIDATORS
    )
    difference_worked_well = AnswerField(blank=True)
    difference_to_move_up = AnswerField(blank=True)
    signs_of_safety_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=SCORE_VALIDATORS
    )
    signs_of_safety_worked_well = AnswerField(blank=True)
    signs_of_safety_to_move_up = AnswerField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    waived_reason = AnswerField(blank=True)
    waived_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["audit", "author__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "author"], name="one_self_assessment_each")
        ]

    def __str__(self) -> str:
        return f"Self-assessment by {self.author} for audit {reference_of(self.audit_id)}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_waived(self) -> bool:
        return bool(self.waived_reason)

    @property
    def is_done(self) -> bool:
        """Submitted, or waived by the auditor: no longer the practitioner's to change."""
        return self.is_submitted or self.is_waived

    @property
    def task_status(self) -> tasks.TaskStatus:
        """As the audit's page lists it (bexley_qa/workflow.py's task statuses)."""
        if self.is_submitted:
            return tasks.SUBMITTED
        return tasks.WAIVED if self.is_waived else tasks.IN_PROGRESS


class AuditEvent(models.Model):
    """One step in an audit's history. Nothing is deleted."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    code = models.CharField(max_length=40, choices=EventCode.choices)
    action = models.CharField(max_length=80)  # the code's text when the step was recorded
    from_status = models.CharField(max_length=20, choices=AuditStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=AuditStatus.choices, blank=True)
    note = AnswerField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({reference_of(self.audit_id)})"


class ActionSource(models.TextChoices):
    AUDIT = "audit", "Audit"
    MODERATION = "moderation", "Moderation"
    SM_REVIEW = "sm_review", "Service manager's review"
    SUPERVISION = "supervision", "Supervision review"


# Actions a manager's review asked for after the audit (audits/services/reviews.py).
AFTER_THE_AUDIT = (ActionSource.SM_REVIEW, ActionSource.SUPERVISION)


class FollowUpProgress(models.TextChoices):
    DONE = "done", "Done"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_STARTED = "not_started", "Not started"


def open_immediate_q(*, prefix: str = "") -> models.Q:
    """An audit's immediate actions (needed to reach Good) still open."""
    return models.Q(**{f"{prefix}immediate": True, f"{prefix}status": ActionStatus.OPEN})


@tracked()
class Action(models.Model):
    """Section 6: what needs to happen, who does it and by when."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="actions")
    practice_area = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(AREA_COUNT)]
    )
    what = AnswerField()
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_owned"
    )
    owner_name = models.CharField(
        "named person",
        max_length=200,
        blank=True,
        help_text="Someone who is not a user of this system.",
    )
    due_date = models.DateField()
    immediate = models.BooleanField(
        default=False,
        help_text="Needed to reach Good. On an Inadequate audit, due within 24 hours of the outcome.",
    )
    practice_observation = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_progress = models.CharField(
        max_length=12, choices=FollowUpProgress.choices, blank=True
    )
    follow_up_note = AnswerField(blank=True)
    source = models.CharField(
        max_length=12, choices=ActionSource.choices, default=ActionSource.AUDIT, editable=False
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-immediate", "due_date", "pk"]
        # The home pages' escalations and overview find audits by their open immediate actions:
        # a few among a county's tens of thousands of actions.
        indexes = [
            models.Index(
                fields=["audit"], condition=open_immediate_q(), name="action_open_immediate"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(owner__isnull=False) & models.Q(owner_name=""))
                | (models.Q(owner__isnull=True) & ~models.Q(owner_name="")),
                name="action_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE

    def is_overdue(self, on=None) -> bool:
        """Open and past its due date (on the day given, today by default): see `overdue_q`."""
        on = on or timezone.localdate()
        return self.status == ActionStatus.OPEN and self.due_date < on

    @property
    def status_tag(self):
        """Open or done (audits/workflow.py: ACTION_WORKFLOW)."""
        return ACTION_WORKFLOW.tag(self)

    @property
    def owner_display(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name

    @property
    def asked_for_by(self) -> str:
        """Whose review asked for it, when it came after the audit ("Service manager's review")."""
        return self.get_source_display() if self.source in AFTER_THE_AUDIT else ""


def overdue_q(*, on, prefix: str = "") -> models.Q:
    """Actions overdue on a day: open and past their due date (the database's side of
    `Action.is_overdue`); `prefix` reaches the action from another model ("actions__")."""
    return models.Q(**{f"{prefix}status": ActionStatus.OPEN, f"{prefix}due_date__lt": on})


def follow_up_timeliness(*, on) -> dict[str, models.Q]:
    """When follow-ups were done, by their due date (5 working days after completion): on time
    (on or before it, UK day), late, or not done and overdue on the day given; the figures and
    the QA report count them with these."""
    return {
        "on_time": models.Q(done_at__date__lte=models.F("due_date")),
        "late": models.Q(done_at__date__gt=models.F("due_date")),
        "overdue": models.Q(done_at__isnull=True, due_date__lt=on),
    }


@tracked()
class FollowUp(models.Model):
    """Step 7: the auditor follows up with the manager 5 working days after completion and
    records, with a case note, what action has been taken since the audit, action by action."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="follow_up")
    due_date = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    action_taken = AnswerField("what action has been taken since the audit", blank=True)
    case_note = AnswerField("case note", blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Follow-up of audit {reference_of(self.audit_id)}"

    @property
    def deadline_tag(self):
        """Overdue, due today, or None (not due yet, or done): audits/workflow.py."""
        today = timezone.localdate()
        if self.done_at is not None or self.due_date > today:
            return None
        return FOLLOW_UP_OVERDUE if self.due_date < today else FOLLOW_UP_DUE_TODAY


@tracked()
class OversightNote(models.Model):
    """The team manager's management oversight note, once they and the practitioner have reviewed
    the audit in supervision: the discussion and the timeframe for action (on an Inadequate
    audit, the case direction and tasks too). Separate from the auditor's follow-up."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="oversight_note")
    discussion = AnswerField("what was discussed in supervision")
    case_direction = AnswerField("case direction and tasks", blank=True)
    timeframe = AnswerField("timeframe for action")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Management oversight note of audit {reference_of(self.audit_id)}"


class ReviewKind(models.TextChoices):
    """The managers' reviews after an audit (the framework's "Inadequate Audits")."""

    # "Service Managers ... review ... any audit graded inadequate and must be satisfied the
    # actions outlined by the Team Manager are sufficient": once its outcome is sent.
    SERVICE_MANAGER = "service_manager", "Service manager's review"
    # "Audit actions should be regularly reviewed in supervision until the Team Manager is
    # satisfied the case meets expected practice standards": after completion.
    CLOSE_OFF = "close_off", "Team manager's close-off"


@tracked()
class ManagerReview(models.Model):
    """A manager's review of an audit: satisfied or not, and why. Not satisfied asks for more
    (the further action it adds, `Action.source`); a later review may then be satisfied. The
    latest review of each kind is where the audit stands."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="manager_reviews")
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    satisfied = models.BooleanField()
    note = AnswerField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["audit", "kind", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of audit {reference_of(self.audit_id)}"

    @property
    def status_tag(self):
        """Satisfied, or not yet (audits/workflow.py)."""
        return REVIEW_SATISFIED if self.satisfied else REVIEW_NOT_SATISFIED


# Practice Week (the seed's 5.4) --------------------------------------------------------------------


@tracked(exclude=["pdf"])
class PracticeWeek(models.Model):
    """A week, every six months, of audits by managers and senior managers (the Director of
    Children's Services among them), practice observations and multi-disciplinary audits, led by
    the Principal Social Worker and PSQA, with its report."""

    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    theme = models.CharField(max_length=200, blank=True)
    principal_social_worker = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheduled_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    scheduled_at = models.DateTimeField(auto_now_add=True)
    key_learning = AnswerField(blank=True)
    working_well = AnswerField("what's working well", blank=True)
    areas_of_development = AnswerField("areas of development", blank=True)
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on"], name="one_practice_week_per_start")
        ]

    def __str__(self) -> str:
        return f"Practice Week {self.starts_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("practice_week:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def status_tag(self):
        """The week's stage (audits/practice_week/workflow.py)."""
        return WEEK_WORKFLOW.tag(self)


class ObservationKind(models.TextChoices):
    DIRECT_WORK = "direct_work", "Direct work with a child or family"
    REVIEW_MEETING = "review_meeting", "A review meeting with young people present"
    SUPERVISION = "supervision", "Supervision"
    GROUP_SUPERVISION = "group_supervision", "Group supervision"


@tracked()
class Observation(models.Model):
    """A practice observation: who observed whom, when, what was seen, what worked well and what
    to develop; linked to the audit it is part of, where there is one."""

    practice_week = models.ForeignKey(
        PracticeWeek, on_delete=models.PROTECT, null=True, blank=True, related_name="observations"
    )
    # Kept if the audit is deleted under the retention schedule: it is about the practice seen.
    audit = models.ForeignKey(
        Audit, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations"
    )
    kind = models.CharField("what was observed", max_length=20, choices=ObservationKind.choices)
    observer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="observations_made")
    observed = models.ForeignKey(User, on_delete=models.PROTECT, related_name="observations_of_me")
    observed_on = models.DateField("date observed")
    what_was_seen = AnswerField("what was seen")
    worked_well = AnswerField("what worked well")
    to_develop = AnswerField("what to develop")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} observed {self.observed_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("practice_week:observation", args=[self.pk])


@tracked()
class PartnerContact(models.Model):
    """A multi-agency audit's partner professional: who was contacted, and what was learned
    jointly about the child's case."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="partner_contacts")
    name = models.CharField("name", max_length=200)
    agency = models.CharField("agency and role", max_length=200)
    contacted_on = models.DateField("date contacted")
    learned = AnswerField("what was learned jointly")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"
