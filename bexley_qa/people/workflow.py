"""Two workflows, each written down once. A retention review's: a child's records past the retention schedule
wait for PSQA to confirm (pending); PSQA anonymise them or keep them until a date for a stated
reason; a review no longer due (the case re-opened, a date of birth corrected) is cancelled.
`WORKFLOW.move()` (or `move_all()`) is the only code that changes a review's status.

A case system's purge's (`PURGE_WORKFLOW`): a DfE payload with `purge: true` on the child asks
for the child's record to go; a feed never deletes one, so it waits for PSQA (to decide), who
anonymise it (only a child with no audit, moderation or feedback: those records are the
service's, kept under the retention schedule) or keep it, saying why."""

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


class PurgeStatus(models.TextChoices):
    PENDING = "pending", "To decide"
    ANONYMISED = "anonymised", "Anonymised"
    KEPT = "kept", "Kept"


PURGE_DECIDED = "The case system's request has already been decided"
PURGE_ANONYMISE = Transition(
    (PurgeStatus.PENDING,), PurgeStatus.ANONYMISED, "Anonymise the record", PURGE_DECIDED
)
PURGE_KEEP = Transition((PurgeStatus.PENDING,), PurgeStatus.KEPT, "Keep the record", PURGE_DECIDED)
PURGE_WORKFLOW = Workflow(
    {
        PurgeStatus.PENDING: Tag(PurgeStatus.PENDING.label, "yellow"),
        PurgeStatus.ANONYMISED: Tag(PurgeStatus.ANONYMISED.label, "grey"),
        PurgeStatus.KEPT: Tag(PurgeStatus.KEPT.label, "blue"),
    },
    (PURGE_ANONYMISE, PURGE_KEEP),
)
