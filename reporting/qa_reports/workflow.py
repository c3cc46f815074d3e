"""A quarterly QA report's workflow, written down once: a draft (PSQA write its sections) until it
is published (its PDF made once and kept unchanged, its readers told). Its status follows from
`published_at`; `WORKFLOW.move()` publishes."""

from django.db import models

from bexley_qa.workflow import Tag, Transition, Workflow


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


def status_of(report) -> str:
    return ReportStatus.PUBLISHED if report.published_at else ReportStatus.DRAFT


TAGS = {
    ReportStatus.DRAFT: Tag(ReportStatus.DRAFT.label, "yellow"),
    ReportStatus.PUBLISHED: Tag(ReportStatus.PUBLISHED.label, "green"),
}
PUBLISH = Transition(
    (ReportStatus.DRAFT,), ReportStatus.PUBLISHED, "Publish", "The report is already published"
)
WORKFLOW = Workflow(TAGS, (PUBLISH,), status_of=status_of)
