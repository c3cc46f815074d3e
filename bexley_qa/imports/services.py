"""Every import runs here, whichever page, command or job starts it: all rows or none, checked
again inside the transaction (after locking what the checks read), recorded as a run either way.
The nightly job picks up the case system's export files from its folder."""

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pghistory
from django.conf import settings
from django.db import transaction

from bexley_qa.importing import (
    SHOWN_PROBLEMS,
    Checked,
    Import,
    ImportFileError,
    ImportRefused,
    after_import,
    imports,
)
from bexley_qa.people.models import User

from . import emails
from .models import ImportRun
from .workflow import RunStatus

log = logging.getLogger(__name__)
_after_night: list = []


def digest(content: bytes) -> str:
    """The file's fingerprint: the file confirmed is the file previewed, and the nightly job
    imports a file's content once."""
    return hashlib.sha256(content).hexdigest()


def file_digest(file: BinaryIO) -> str:
    """digest() of a file, read a piece at a time."""
    file.seek(0)
    found = hashlib.file_digest(file, "sha256").hexdigest()
    file.seek(0)
    return found


def _record(
    declared: Import, *, name, sha256, via, actor, rows=0, problems=(), problem_count=0
) -> ImportRun:
    return ImportRun.objects.create(
        kind=declared.kind,
        file_name=Path(name).name[:255],
        sha256=sha256,
        via=via,
        run_by=actor,
        status=RunStatus.REFUSED if problems else RunStatus.IMPORTED,
        rows=rows,
        problems=[str(p) for p in problems],
        problem_count=problem_count or len(problems),
    )


def _refused(
    declared: Import, *, name, sha256, via, actor, rows=0, problems=(), problem_count=0
) -> ImportRun:
    """Record a refused run (in a transaction of its own); a refused nightly file is emailed to
    PSQA, with what to do."""
    with transaction.atomic():
        run = _record(
            declared, name=name, sha256=sha256, via=via, actor=actor, rows=rows,
            problems=problems, problem_count=problem_count,
        )  # fmt: skip
        if via == ImportRun.Via.FOLDER:
            emails.queue_import_refused(run)
        elif via == ImportRun.Via.API:
            emails.queue_payloads_refused(run)
    return run


def import_rows(
    declared: Import, *, actor: User | None, rows: list, name: str, sha256: str, via: str
) -> ImportRun:
    """Import the rows, all or none, recording the run. The rows are checked again inside the
    transaction (what the preview showed may have changed since); if any is wrong, or the writer
    finds one, nothing is saved, the run is recorded as refused and ImportRefused raised (its
    `checked` lists every problem, its `run` the run)."""
    if actor is not None:
        declared.may.require(actor)
    try:
        with (
            transaction.atomic(),
            pghistory.context(import_file=Path(name).name, user=actor and actor.pk),
        ):
            if declared.lock:
                declared.lock(rows)
            checked = declared.check_rows(rows)
            if not checked.ok:
                raise ImportRefused(checked)
            run = _record(declared, name=name, sha256=sha256, via=via, actor=actor, rows=len(rows))
            run.summary = declared.write(checked=checked, actor=actor, run=run)
            run.save(update_fields=["summary", "changes"])
            after_import(run)
            return run
    except ImportRefused as refused:
        checked = refused.checked
        refused.run = _refused(
            declared, name=name, sha256=sha256, via=via, actor=actor, rows=len(checked.rows),
            problems=checked.shown_problems, problem_count=len(checked.problems),
        )  # fmt: skip
        raise


@dataclass
class Streamed:
    """What a whole export held: how many rows, the first SHOWN_PROBLEMS problems and how many
    there were in all."""

    rows: int = 0
    problems: list = field(default_factory=list)
    problem_count: int = 0

    def add(self, checked: Checked) -> None:
        self.rows += len(checked.rows)
        self.problem_count += len(checked.problems)
        self.problems += checked.problems[: max(0, SHOWN_PROBLEMS - len(self.problems))]


class _Refused(Exception):  # noqa: N818 - internal: roll the whole file back
    pass


def check_file(declared: Import, *, name: str, file: BinaryIO, each=None) -> Streamed:
    """Check a whole export a batch at a time, importing nothing (the command's --dry-run);
    `each(row)` is called for every row checked. ImportFileError if it cannot be read."""
    seen: dict = {}
    found = Streamed()
    for batch in declared.stream(name, file):
        found.add(declared.check_rows(batch, seen))
        for row in batch if each else ():
            each(row)
    return found


def import_file(
    declared: Import,
    *,
    name: str,
    file: BinaryIO,
    via: str,
    actor: User | None,
    sha256: str = "",
) -> ImportRun:
    """Read, check and import a whole export (the folder's, the command line's), all rows or none,
    recording the run either way; never raises for what is in the file. It is read, checked and
    written BATCH_ROWS at a time inside one transaction, so its memory is a batch's (a county's
    45 MB export took 477 MB read whole): once a row is wrong nothing more is written, the rest is
    only checked (to say how many problems there are), and everything is rolled back."""
    if actor is not None:
        declared.may.require(actor)
    sha256 = sha256 or file_digest(file)
    found = Streamed()
    try:
        with (
            transaction.atomic(),
            pghistory.context(import_file=Path(name).name, user=actor and actor.pk),
        ):
            run = _record(declared, name=name, sha256=sha256, via=via, actor=actor)
            summary: dict = {}
            seen: dict = {}
            for batch in declared.stream(name, file):
                if declared.lock:
                    declared.lock(batch)
                checked = declared.check_rows(batch, seen)
                found.add(checked)
                if found.problem_count:
                    continue  # nothing more is written: the file will be refused
                try:
                    written = declared.write(checked=checked, actor=actor, run=run)
                except ImportRefused:  # the writer met a rule the checks do not know of
                    found.add(Checked(rows=[], problems=checked.problems))
                    continue
                for what, count in written.items():
                    summary[what] = summary.get(what, 0) + count
            if found.problem_count:
                raise _Refused
            run.rows = found.rows
            run.summary = summary  # shown in the import's order (ImportRun._summary)
            run.save(update_fields=["rows", "summary", "changes"])
            after_import(run)
            return run
    except ImportFileError as error:
        return _refused(
            declared, name=name, sha256=sha256, via=via, actor=actor, problems=[str(error)]
        )
    except _Refused:
        return _refused(
            declared, name=name, sha256=sha256, via=via, actor=actor, rows=found.rows,
            problems=found.problems, problem_count=found.problem_count,
        )  # fmt: skip


def import_of_file(name: str) -> Import | None:
    """Which import a file in the folder is for, by the start of its name (children_*, sos_*)."""
    stem = Path(name).name.lower()
    return next(
        (
            i
            for i in imports()
            if i.folder and Path(stem).suffix in i.suffixes and stem.startswith(i.folder)
        ),
        None,
    )


def after_the_night(callback) -> None:
    """Let an app run something once the night's files are imported (the figures' refresh)."""
    if callback not in _after_night:
        _after_night.append(callback)


def exports_import(*, folder: Path | None = None) -> list[ImportRun]:
    """The nightly job: import each export file in the folder not imported before (by its
    content), in the imports' order (the children before the measures that name them)."""
    folder = Path(folder or settings.CASE_SYSTEM_EXPORTS_DIR)
    runs = []
    if folder.is_dir():
        found = [(import_of_file(p.name), p) for p in folder.iterdir() if p.is_file()]
        for declared, path in sorted(
            ((d, p) for d, p in found if d), key=lambda pair: (pair[0].folder_order, pair[1].name)
        ):
            with path.open("rb") as file:
                sha256 = file_digest(file)
                if ImportRun.objects.filter(sha256=sha256, kind=declared.kind).exists():
                    continue
                run = import_file(
                    declared, name=path.name, file=file, via=ImportRun.Via.FOLDER, actor=None,
                    sha256=sha256,
                )  # fmt: skip
            log.info("Nightly import of %s: %s", path.name, run.get_status_display())
            runs.append(run)
    else:
        log.warning("The case system's export folder %s does not exist", folder)
    for callback in _after_night:
        callback()
    return runs


__all__ = ["Checked", "check_file", "digest", "exports_import", "import_file", "import_rows"]
