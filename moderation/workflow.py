"""A moderation's workflow, written down once.

A moderation is proposed (drawn into the month's sample, or added by PSQA), allocated to a
moderator with a return date (re-allocated as often as PSQA need), then finalised by the moderator;
PSQA may remove it from the sample until it is finalised. While it is with the moderator it shows
"In progress" once they have graded it, and "Overdue" (red) once its return date has passed: how a
moderation is shown (`shown_as`) says more than where it is.

`move()` on `WORKFLOW` is the only code that changes a moderation's status; who may make a move
is moderation/access.py's question, what must be recorded first moderation/selectors.py's.
"""

from django.db import models
from django.utils import timezone

from bexley_qa.workflow import Tag, Transition, Workflow


class ModerationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ALLOCATED = "allocated", "Allocated"
    FINALISED = "finalised", "Finalised"
    REMOVED = "removed", "Removed from the sample"


# How a moderation with the moderator is shown, beyond its status.
IN_PROGRESS_SHOWN = "in_progress"
OVERDUE_SHOWN = "overdue"

TAGS = {
    ModerationStatus.PROPOSED: Tag(ModerationStatus.PROPOSED.label, "light-blue"),
    ModerationStatus.ALLOCATED: Tag(ModerationStatus.ALLOCATED.label, "blue"),
    IN_PROGRESS_SHOWN: Tag("In progress", "turquoise"),
    OVERDUE_SHOWN: Tag("Overdue", "red"),
    ModerationStatus.FINALISED: Tag(ModerationStatus.FINALISED.label, "green"),
    ModerationStatus.REMOVED: Tag(ModerationStatus.REMOVED.label, "grey"),
}

# What PSQA may still change in the sample; what the moderator may still change.
IN_SAMPLE = (ModerationStatus.PROPOSED, ModerationStatus.ALLOCATED)
IN_PROGRESS = (ModerationStatus.ALLOCATED,)

ALLOCATE = Transition(
    IN_SAMPLE, ModerationStatus.ALLOCATED, "Allocate",
    "Only a moderation still in the sample, not finalised, can be allocated",
)  # fmt: skip
REMOVE = Transition(
    IN_SAMPLE, ModerationStatus.REMOVED, "Remove from the sample",
    "Only a moderation not yet finalised can be removed from the sample",
)  # fmt: skip
FINALISE = Transition(
    IN_PROGRESS, ModerationStatus.FINALISED, "Finalise the moderation",
    "Only a moderation with its moderator can be finalised",
)  # fmt: skip


def is_overdue(moderation) -> bool:
    """With the moderator and past its return date."""
    return (
        moderation.status == ModerationStatus.ALLOCATED
        and moderation.return_date is not None
        and moderation.return_date < timezone.localdate()
    )


def shown_as(moderation) -> str:
    if is_overdue(moderation):
        return OVERDUE_SHOWN
    if moderation.status == ModerationStatus.ALLOCATED and moderation.grade is not None:
        return IN_PROGRESS_SHOWN
    return moderation.status


class ModerationWorkflow(Workflow):
    def tag(self, record) -> Tag:
        return self.tags[shown_as(record)]


WORKFLOW = ModerationWorkflow(TAGS, (ALLOCATE, REMOVE, FINALISE))
