"""An import run's outcome, written down once: imported (every row saved) or refused (nothing
saved, its problems kept). A run is recorded in its final state and never moves."""

from django.db import models

from bexley_qa.workflow import Tag, Workflow


class RunStatus(models.TextChoices):
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Refused"


WORKFLOW = Workflow(
    {
        RunStatus.IMPORTED: Tag(RunStatus.IMPORTED.label, "green"),
        RunStatus.REFUSED: Tag(RunStatus.REFUSED.label, "red"),
    }
)
