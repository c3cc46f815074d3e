"""What came of each import (allocations, the case system's exports): imported, or refused with
its problems. The file itself is not kept."""

import re
from datetime import UTC

from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from bexley_qa.history import tracked
from bexley_qa.importing import import_of
from bexley_qa.people.models import User

from .workflow import WORKFLOW, RunStatus


# The run's status as it moved, and who ran it; not what the file held (case IDs in the changes
# and problems), which anonymising must be able to remove in one place.
@tracked(exclude=["summary", "changes", "problems"])
class ImportRun(models.Model):
    """One import of a file, by upload, command or the nightly folder job."""

    Status = RunStatus

    class Via(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        FOLDER = "folder", "Nightly folder"
        COMMAND = "command", "Command"
        API = "api", "Payload client"

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

    def _summary(self, *, case_files: bool = True) -> list[tuple[str, int]]:
        """The summary's outcomes in the import's order; for someone who opens no case file, the
        outcomes that would tell them of one folded into the words they see instead."""
        declared = import_of(self.kind)
        order = {what: n for n, what in enumerate(declared.outcomes if declared else ())}
        hidden = {} if case_files or not declared else declared.outcomes_without_case_files
        shown: dict[str, int] = {}
        for what, count in sorted(self.summary.items(), key=lambda i: order.get(i[0], 99)):
            shown[hidden.get(what, what)] = shown.get(hidden.get(what, what), 0) + count
        return list(shown.items())

    def summary_text(self, *, case_files: bool = True) -> str:
        """What changed, in words: "3 new, 1 moved team, 40 unchanged"."""
        outcomes = self._summary(case_files=case_files)
        return ", ".join(f"{count:,} {what}" for what, count in outcomes) or "nothing"

    def change_lists(self, *, case_files: bool = True) -> list[tuple[str, list[str]]]:
        """The case IDs of each change, but those of a change that would tell someone who opens
        no case file about one."""
        declared = import_of(self.kind)
        hidden = {} if case_files or not declared else declared.outcomes_without_case_files
        return [
            (what, self.changes[what])
            for what, _ in self._summary()
            if what in self.changes and what not in hidden
        ]


class PayloadClient(models.Model):
    """A council's DfE payload client, allowed to send its children's payloads for one local
    authority code (`manage.py csc_api_client`). Its credentials are django-oauth-toolkit's
    Application (the secret kept only as a hash); revoking deletes that, and with it every token
    issued, and keeps this record of who it was."""

    name = models.CharField(max_length=100, unique=True)
    la_code = models.CharField("local authority code", max_length=10)
    application = models.OneToOneField(
        "oauth2_provider.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="payload_client",
    )
    client_id = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (local authority {self.la_code})"


class PayloadSubmission(models.Model):
    """One payload of a batch the endpoint stored: the name it answered with
    (`YYYY-MM-DD_HH:MM:SS.ffffff_<uuid>`, which the council's client keeps against the child), its
    place in the batch, the child and what it changed. The payload itself is not kept."""

    id = models.UUIDField(primary_key=True)
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="submissions")
    position = models.PositiveSmallIntegerField(help_text="Its index in the batch, from 0.")
    at = models.DateTimeField()
    # The child it named (none for a purge of a child never held); after anonymising, the
    # anonymised record, so no case ID outlives the retention schedule here.
    child = models.ForeignKey(
        "people.Child", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change = models.CharField(max_length=100)

    class Meta:
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What the endpoint answered for it, as the DfE's API does."""
        return f"{self.at.astimezone(UTC):%Y-%m-%d_%H:%M:%S.%f}_{self.id}"


def keep_submissions(run: ImportRun) -> None:
    """Each payload the endpoint named (`run.payloads`, set by the payload writer), kept with its
    run inside the import's transaction."""
    PayloadSubmission.objects.bulk_create(
        PayloadSubmission(
            id=row.submission, run=run, position=row.number, at=run.at, child=row.child,
            change=row.change_text[:100],
        )
        for row in getattr(run, "payloads", ())
    )  # fmt: skip


def rename_case_id(old: str, new: str) -> int:
    """An anonymised child's case ID, replaced in the runs that list it (their changes and
    problems); the runs changed."""
    whole_id = re.compile(rf"(?<![A-Za-z0-9._-]){re.escape(old)}(?![A-Za-z0-9._-])")
    changed = []
    for run in ImportRun.objects.annotate(
        listed=Cast("changes", models.TextField()), told=Cast("problems", models.TextField())
    ).filter(models.Q(listed__contains=old) | models.Q(told__contains=old)):
        changes = {
            what: [new if item == old else item for item in items] if isinstance(items, list)
            else items
            for what, items in run.changes.items()
        }  # fmt: skip
        problems = [whole_id.sub(new, problem) for problem in run.problems]
        if (changes, problems) != (run.changes, run.problems):
            run.changes, run.problems = changes, problems
            changed.append(run)
    ImportRun.objects.bulk_update(changed, ["changes", "problems"])
    return len(changed)
