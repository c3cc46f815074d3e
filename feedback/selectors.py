"""Section 5 as the rest of the product reads it: the audit's task list, its PDF and its
completion rules use these (registered in apps.py); nothing outside feedback reads its tables."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse

from audits.contributions import Task, Unmet
from audits.models import Audit
from bexley_qa.workflow import TaskStatus, task_status

from .models import (
    ChildFeedback,
    FamilyFeedback,
    FeedbackKind,
    FeedbackNotObtained,
    NetworkFeedback,
)
from .statements import CHILD_QUESTIONS, FAMILY_STATEMENTS


@dataclass
class FeedbackRecord:
    """Everything recorded in Section 5 of one audit."""

    child: ChildFeedback | None
    family: list[FamilyFeedback]
    network: list[NetworkFeedback]
    not_obtained: dict[str, FeedbackNotObtained] = field(default_factory=dict)

    @property
    def child_answers(self) -> list[tuple[str, str]]:
        """The child's answers beside the form's eight questions."""
        if self.child is None:
            return []
        return [(question, getattr(self.child, name)) for name, question in CHILD_QUESTIONS]


def feedback_for(audit: Audit) -> FeedbackRecord:
    """The audit's Section 5, each family member's scores beside the statements' text."""
    statements = dict(FAMILY_STATEMENTS)
    family = list(audit.family_feedback.prefetch_related("scores"))
    for row in family:
        row.statement_scores = [
            (score.statement, statements[score.statement], score.score)
            for score in row.scores.all()
        ]
    return FeedbackRecord(
        child=ChildFeedback.objects.filter(audit=audit).first(),
        family=family,
        network=list(audit.network_feedback.all()),
        not_obtained={n.kind: n for n in FeedbackNotObtained.objects.filter(audit=audit)},
    )


def _obtained_or_explained(audit: Audit) -> dict[str, bool]:
    """For the child and the family: is their feedback recorded, or why it was not?"""
    counts = Audit.objects.filter(pk=audit.pk).aggregate(
        child=Count("child_feedback", distinct=True),
        family=Count("family_feedback", distinct=True),
        child_not=Count(
            "feedback_not_obtained",
            filter=Q(feedback_not_obtained__kind=FeedbackKind.CHILD),
            distinct=True,
        ),
        family_not=Count(
            "feedback_not_obtained",
            filter=Q(feedback_not_obtained__kind=FeedbackKind.FAMILY),
            distinct=True,
        ),
    )
    return {
        FeedbackKind.CHILD: bool(counts["child"] or counts["child_not"]),
        FeedbackKind.FAMILY: bool(counts["family"] or counts["family_not"]),
    }


def feedback_status(audit: Audit) -> TaskStatus:
    """Section 5's task status: Completed once the child and the family are both accounted for."""
    done = _obtained_or_explained(audit)
    return task_status(finished=all(done.values()), started=any(done.values()))


def feedback_tasks(audit: Audit) -> list[Task]:
    """Section 5's row on the audit's task list."""
    return [
        Task(
            id="feedback",
            name="Feedback from the child, the family and the network",
            url=reverse("feedback:summary", args=[audit.pk]),
            status=feedback_status(audit),
        )
    ]


def feedback_completion_problems(audit: Audit) -> list[Unmet]:
    """The completion rule: feedback from the family and the child, or why it was not obtained."""
    done = _obtained_or_explained(audit)
    problems = []
    if not done[FeedbackKind.FAMILY]:
        problems.append(
            Unmet("Record feedback from the family, or why it was not obtained", "feedback:summary")
        )
    if not done[FeedbackKind.CHILD]:
        problems.append(
            Unmet("Record feedback from the child, or why it was not obtained", "feedback:summary")
        )
    return problems


def records_of_child(child) -> list[tuple[str, type, dict]]:
    """Everything the feedback holds about a child (bexley_qa/people/records.py)."""
    from .models import (
        ChildFeedback,
        FamilyFeedback,
        FeedbackNotObtained,
        NetworkFeedback,
        StatementScore,
    )

    audits = {"audit__child": child}
    return [
        ("Child's feedback", ChildFeedback, audits),
        ("Family feedback", FamilyFeedback, audits),
        ("Family feedback statements", StatementScore, {"family_feedback__audit__child": child}),
        ("Network feedback", NetworkFeedback, audits),
        ("Feedback not obtained", FeedbackNotObtained, audits),
    ]
