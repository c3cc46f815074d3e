"""A retention review's workflow, written down once: a child's records past the retention schedule
wait for PSQA to confirm (pending); PSQA anonymise them or keep them until a date for a stated
reason; a review no longer due (the case re-opened, a date of birth corrected) is cancelled.
`WORKFLOW.move()` (or `move_all()`) is the only code that changes a review's status."""

from django.db import models

from bexley_qa.workflow import Tag, Transition, Workflow


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "To confirm"
    ANONYMISED = "anonymised", "Anonymised"
    KEPT = "kept", "Kept"
    CANCELLED = "cancelled", "No longer due (case re-opened or date of birth corrected)"


TAGS = {
    ReviewStatus.PENDING: Tag(ReviewStatus.PENDING.label, "yellow"),
    ReviewStatus.ANONYMISED: Tag(ReviewStatus.ANONYMISED.label, "grey"),
    ReviewStatus.KEPT: Tag(ReviewStatus.KEPT.label, "blue"),
    ReviewStatus.CANCELLED: Tag("No longer due", "light-blue"),
}
DECIDED = "This review has already been decided"
ANONYMISE = Transition((ReviewStatus.PENDING,), ReviewStatus.ANONYMISED, "Anonymise", DECIDED)
KEEP = Transition((ReviewStatus.PENDING,), ReviewStatus.KEPT, "Keep them", DECIDED)
NO_LONGER_DUE = Transition(
    (ReviewStatus.PENDING,), ReviewStatus.CANCELLED, "No longer due", DECIDED
)
WORKFLOW = Workflow(TAGS, (ANONYMISE, KEEP, NO_LONGER_DUE))
