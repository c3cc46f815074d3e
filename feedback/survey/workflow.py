"""A survey round's workflow, written down once: open (PSQA call the families), closed (the call
list is deleted, the figures kept; the report is written), published (its PDF made once and kept).
`WORKFLOW.move()` is the only code that changes a round's status."""

from django.db import models

from bexley_qa.workflow import Tag, Transition, Workflow


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PUBLISHED = "published", "Published"


TAGS = {
    RoundStatus.OPEN: Tag("Open", "blue"),
    RoundStatus.CLOSED: Tag("Closed: report not published", "yellow"),
    RoundStatus.PUBLISHED: Tag("Published", "green"),
}
CLOSE = Transition(
    (RoundStatus.OPEN,), RoundStatus.CLOSED, "Close the round now", "The round is already closed"
)
PUBLISH = Transition(
    (RoundStatus.CLOSED,), RoundStatus.PUBLISHED, "Publish the report",
    "Only a closed round's report is published, once",
)  # fmt: skip
WORKFLOW = Workflow(TAGS, (CLOSE, PUBLISH))
