"""Section 5: feedback from the child, the family and the network, or why it was not obtained."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from audits.models import Audit
from bexley_qa.fields import AnswerField
from bexley_qa.history import tracked
from bexley_qa.people.models import User
from bexley_qa.references import reference_of

from .survey.workflow import PUBLISH, WORKFLOW, RoundStatus


class FeedbackKind(models.TextChoices):
    CHILD = "child", "The child or young person"
    FAMILY = "family", "The family"
    NETWORK = "network", "The family or professional network"


@tracked()
class ChildFeedback(models.Model):
    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="child_feedback")
    contact_date = models.DateField("date of contact")
    child_name = models.CharField("name of child / young person", max_length=200)
    # The form: direct feedback from the child "subject to agreement from the parent/carer or
    # young adult"; and who is the lead professional, whose views are sought too.
    agreement = models.BooleanField("agreement from the parent/carer or young adult", default=False)
    lead_professional = models.CharField(
        "lead professional (name and role)", max_length=200, blank=True
    )
    knows_worker_name = AnswerField(blank=True)
    how_often_seen = AnswerField(blank=True)
    knows_why = AnswerField(blank=True)
    difference_made = AnswerField(blank=True)
    likes_about_worker = AnswerField(blank=True)
    could_do_better = AnswerField(blank=True)
    how_helpful = AnswerField(blank=True)
    how_much_safer = AnswerField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Child feedback for audit {reference_of(self.audit_id)}"


@tracked()
class FamilyFeedback(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="family_feedback")
    contact_date = models.DateField("date of contact")
    role = models.CharField("role of family member", max_length=100)
    going_well = AnswerField(blank=True)
    could_be_different = AnswerField(blank=True)
    made_a_difference = AnswerField(blank=True)
    one_thing_to_change = AnswerField(blank=True)
    anything_else = AnswerField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contact_date", "pk"]

    def __str__(self) -> str:
        return f"Feedback from {self.role} for audit {reference_of(self.audit_id)}"


@tracked()
class StatementScore(models.Model):
    """One of the nine statements, scored 0 (strongly disagree) to 10 (strongly agree); no
    score when it was not answered (left out of every average)."""

    family_feedback = models.ForeignKey(
        FamilyFeedback, on_delete=models.CASCADE, related_name="scores"
    )
    statement = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["statement"]
        constraints = [
            models.UniqueConstraint(
                fields=["family_feedback", "statement"], name="one_score_per_statement"
            )
        ]

    def __str__(self) -> str:
        answer = "not answered" if self.score is None else self.score
        return f"Statement {self.statement}: {answer}"


@tracked()
class NetworkFeedback(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="network_feedback")
    contact_date = models.DateField("date of contact")
    name_and_role = models.CharField("name and role", max_length=200)
    going_well = AnswerField(blank=True)
    could_be_different = AnswerField(blank=True)
    made_a_difference = AnswerField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contact_date", "pk"]

    def __str__(self) -> str:
        return f"Feedback from {self.name_and_role} for audit {reference_of(self.audit_id)}"


@tracked()
class FeedbackNotObtained(models.Model):
    """Feedback of one kind that could not be had (declined, not reachable), and why."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="feedback_not_obtained")
    kind = models.CharField(max_length=10, choices=FeedbackKind.choices)
    reason = AnswerField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "kind"], name="one_reason_per_kind")
        ]

    def __str__(self) -> str:
        return f"No {self.kind} feedback for audit {reference_of(self.audit_id)}"


# The annual parent/carer survey ----------------------------------------------------------------
#
# A response keeps the round, the service, the team and the answers: nothing that links it to the
# family or the worker (no child, no person, no time it was taken, a random id). The call list
# that does name the families is PSQA's working list while the round is open and is deleted when
# it closes. Neither is kept in the change history (pghistory would keep the deleted rows).


class SurveyRating(models.IntegerChoices):
    STRONGLY_AGREE = 5, "Strongly agree"
    AGREE = 4, "Agree"
    NEITHER = 3, "Neither agree nor disagree"
    DISAGREE = 2, "Disagree"
    STRONGLY_DISAGREE = 1, "Strongly disagree"


@tracked(exclude=["pdf"])
class SurveyRound(models.Model):
    """One year's parent/carer survey: its window, the services it covers and its statements."""

    name = models.CharField(max_length=120, unique=True)
    opens_on = models.DateField("first day")
    closes_on = models.DateField("last day")
    services = models.ManyToManyField("people.Service", related_name="+")
    statements = models.JSONField(help_text="The nine statements, in order.")
    # At least 3: a team's figures from one family would be that family's answers.
    families_per_team = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(3), MaxValueValidator(80)]
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    calls_deleted = models.PositiveIntegerField(null=True, blank=True)
    recommendations = AnswerField("recommendations to the senior management team", blank=True)
    actions_agreed = AnswerField("actions agreed at the senior management team", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.BinaryField(null=True, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("survey:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    @property
    def report_to_publish(self) -> bool:
        """Closed, its report not yet published."""
        return PUBLISH.allowed_from(self.status)

    @property
    def status_tag(self):
        """How the round's status is shown (feedback/survey/workflow.py)."""
        return WORKFLOW.tag(self)


class CallOutcome(models.TextChoices):
    TO_CALL = "to_call", "To call"
    AGREED = "agreed", "Agreed: answers recorded"
    DECLINED = "declined", "Declined"
    NO_ANSWER = "no_answer", "No answer"


# Who recorded which outcome, while the round is open; closing deletes this with the call list.
@tracked()
class SurveyCall(models.Model):
    """A family on the round's call list: whose worker hands over the paper copy, then PSQA
    phone. Deleted, with the whole list, when the round closes."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="calls")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    outcome = models.CharField(
        max_length=10, choices=CallOutcome.choices, default=CallOutcome.TO_CALL
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # The family's telephone number: entered by PSQA from the worker or the case file (deleted
    # with the call list when the round closes).
    phone = models.CharField("telephone number", max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team__name", "child__last_name", "child__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "child"], name="one_call_per_child_per_round")
        ]

    def __str__(self) -> str:
        return f"Call {self.pk} of {self.round}"

    @property
    def is_finished(self) -> bool:
        """Agreed or declined: the family is not called again."""
        return self.outcome in (CallOutcome.AGREED, CallOutcome.DECLINED)


class SurveyResponse(models.Model):
    """One parent/carer's answers: the round, the service and team, the answers. Nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    service = models.ForeignKey("people.Service", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    comment = AnswerField("comment", blank=True)
    one_thing = AnswerField("one thing they would change", blank=True)
    anything_else = AnswerField("anything else", blank=True)

    def __str__(self) -> str:
        return f"A response to {self.round}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    rating = models.PositiveSmallIntegerField(choices=SurveyRating.choices)

    class Meta:
        ordering = ["statement"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="one_rating_per_statement"
            )
        ]

    def __str__(self) -> str:
        return f"Statement {self.statement}: {self.get_rating_display()}"


@tracked()
class SurveyTally(models.Model):
    """A team's calls in a closed round, counted when the call list was deleted: the response
    rate's denominator, kept without the families."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="tallies")
    team = models.ForeignKey("people.Team", on_delete=models.PROTECT, related_name="+")
    drawn = models.PositiveIntegerField()
    agreed = models.PositiveIntegerField()
    declined = models.PositiveIntegerField()
    no_answer = models.PositiveIntegerField()
    not_called = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "team"], name="one_tally_per_team_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.team} in {self.round}"
