"""What came of each import (allocations, the case system's exports): imported, or refused with
its problems. The file itself is not kept."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from bexley_qa.importing import import_of
from bexley_qa.people.models import User

from .workflow import WORKFLOW, RunStatus


class ImportRun(models.Model):
    """One import of a file, by upload, command or the nightly folder job."""

    Status = RunStatus

    class Via(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        FOLDER = "folder", "Nightly folder"
        COMMAND = "command", "Command"

    kind = models.CharField(max_length=20, help_text="Which import: its Import's kind.")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    run_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=RunStatus.choices)
    rows = models.PositiveIntegerField(default=0)
    # What changed ({"new": 3, "moved team": 1, ...}) or, refused, the first problems and total.
    summary = models.JSONField(default=dict)
    # The case IDs of each kind of change (a case may have several).
    changes = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind_label} import of {self.file_name}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("imports:run", kwargs={"pk": self.pk})

    @property
    def kind_label(self) -> str:
        declared = import_of(self.kind)
        return declared.label if declared else self.kind.capitalize()

    @property
    def status_tag(self):
        return WORKFLOW.tag(self)

    @property
    def is_imported(self) -> bool:
        return self.status == RunStatus.IMPORTED

    def _summary(self) -> list[tuple[str, int]]:
        declared = import_of(self.kind)
        order = {what: n for n, what in enumerate(declared.outcomes if declared else ())}
        return sorted(self.summary.items(), key=lambda item: order.get(item[0], 99))

    @property
    def summary_text(self) -> str:
        """What changed, in words: "3 new, 1 moved team, 40 unchanged"."""
        return ", ".join(f"{count:,} {what}" for what, count in self._summary()) or "nothing"

    @property
    def change_lists(self) -> list[tuple[str, list[str]]]:
        return [(what, self.changes[what]) for what, _ in self._summary() if what in self.changes]
