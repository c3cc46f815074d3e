"""Practice Week's workflow, written down once. Its stage follows from its dates and its report:
scheduled (before its first day), under way (its days), over (its report to write and publish),
published (the report's PDF made once and kept). Publishing is the one move a person makes;
`WORKFLOW.move()` makes it."""

from django.db import models
from django.utils import timezone

from bexley_qa.workflow import Tag, Transition, Workflow


class WeekStage(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    UNDER_WAY = "under_way", "Under way"
    OVER = "over", "Over: report not published"
    PUBLISHED = "published", "Report published"


def stage_of(week) -> str:
    if week.published_at is not None:
        return WeekStage.PUBLISHED
    today = timezone.localdate()
    if today < week.starts_on:
        return WeekStage.SCHEDULED
    return WeekStage.UNDER_WAY if today <= week.ends_on else WeekStage.OVER


TAGS = {
    WeekStage.SCHEDULED: Tag(WeekStage.SCHEDULED.label, "light-blue"),
    WeekStage.UNDER_WAY: Tag(WeekStage.UNDER_WAY.label, "blue"),
    WeekStage.OVER: Tag(WeekStage.OVER.label, "yellow"),
    WeekStage.PUBLISHED: Tag(WeekStage.PUBLISHED.label, "green"),
}
PUBLISH = Transition(
    (WeekStage.OVER,), WeekStage.PUBLISHED, "Publish the report",
    "The report is published once the week is over, and once only",
)  # fmt: skip
WORKFLOW = Workflow(TAGS, (PUBLISH,), status_of=stage_of)
