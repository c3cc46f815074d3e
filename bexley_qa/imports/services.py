"""Every import runs here, whichever page, command or job starts it: all rows or none, checked
again inside the transaction (after locking what the checks read), recorded as a run either way.
The nightly job picks up the case system's export files from its folder."""

import hashlib
import logging
from pathlib import Path

import pghistory
from django.conf import settings
from django.db import transaction

from bexley_qa.importing import (
    LARGE_MAX_BYTES,
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


def _record(declared: Import, *, name, sha256, via, actor, checked=None, error="") -> ImportRun:
    problems = [str(p) for p in checked.shown_problems] if checked and checked.problems else []
    if error:
        problems = [error]
    return ImportRun.objects.create(
        kind=declared.kind,
        file_name=Path(name).name[:255],
        sha256=sha256,
        via=via,
        run_by=actor,
        status=RunStatus.REFUSED if problems else RunStatus.IMPORTED,
        rows=len(checked.rows) if checked else 0,
        problems=problems,
        problem_count=len(checked.problems) if checked and checked.problems else len(problems),
    )


def _refused(declared: Import, *, name, sha256, via, actor, checked=None, error="") -> ImportRun:
    """Record a refused run (in a transaction of its own); a refused nightly file is emailed to
    PSQA, with what to do."""
    with transaction.atomic():
        run = _record(
            declared, name=name, sha256=sha256, via=via, actor=actor, checked=checked, error=error
        )
        if via == ImportRun.Via.FOLDER:
            emails.queue_import_refused(run)
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
            checked = declared.check(rows)
            if not checked.ok:
                raise ImportRefused(checked)
            run = _record(declared, name=name, sha256=sha256, via=via, actor=actor, checked=checked)
            run.summary = declared.write(checked=checked, actor=actor, run=run)
            run.save(update_fields=["summary", "changes"])
            after_import(run)
            return run
    except ImportRefused as refused:
        refused.run = _refused(
            declared, name=name, sha256=sha256, via=via, actor=actor, checked=refused.checked
        )
        raise


def import_file(
    declared: Import, *, name: str, content: bytes, via: str, actor: User | None
) -> ImportRun:
    """Read, check and import one whole file (the folder's, the command line's), recording the run
    either way; never raises for what is in the file."""
    sha256 = digest(content)
    try:
        rows = declared.read(name, content, large=True)
    except ImportFileError as error:
        return _refused(declared, name=name, sha256=sha256, via=via, actor=actor, error=str(error))
    try:
        return import_rows(declared, actor=actor, rows=rows, name=name, sha256=sha256, via=via)
    except ImportRefused as refused:
        return refused.run


def import_of_file(name: str) -> Import | None:
    """Which import a file in the folder is for, by the start of its name (children_*, sos_*)."""
    stem = Path(name).name.lower()
    if Path(stem).suffix not in (".csv", ".xlsx"):
        return None
    return next((i for i in imports() if i.folder and stem.startswith(i.folder)), None)


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
                content = file.read(LARGE_MAX_BYTES + 1)  # a larger file is refused as too large
            if ImportRun.objects.filter(sha256=digest(content), kind=declared.kind).exists():
                continue
            run = import_file(
                declared, name=path.name, content=content, via=ImportRun.Via.FOLDER, actor=None
            )
            log.info("Nightly import of %s: %s", path.name, run.get_status_display())
            runs.append(run)
    else:
        log.warning("The case system's export folder %s does not exist", folder)
    for callback in _after_night:
        callback()
    return runs


__all__ = ["Checked", "digest", "exports_import", "import_file", "import_rows"]
