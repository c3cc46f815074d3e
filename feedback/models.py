"""Section 5: feedback from the child, the family and the network, or why it was not obtained."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from audits.models import Audit
from bexley_qa.fields import AnswerField
from bexley_qa.history import tracked
from bexley_qa.people.models import User


class FeedbackKind(models.TextChoices):
    CHILD = "child", "The child or young person"
    FAMILY = "family", "The family"
    NETWORK = "network", "The family or professional network"


@tracked()
class ChildFeedback(models.Model):
    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="child_feedback")
    contact_date = models.DateField("date of contact")
    child_name = models.CharField("name of child / young person", max_length=200)
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
        return f"Child feedback for audit {self.audit_id}"


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
        return f"Feedback from {self.role} for audit {self.audit_id}"


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
        return f"Feedback from {self.name_and_role} for audit {self.audit_id}"


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
        return f"No {self.kind} feedback for audit {self.audit_id}"
