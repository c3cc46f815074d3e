"""Every write of the dashboard: measures recorded, the two imports (all rows or none), the
nightly pick-up of export files, the figures' refresh and the monthly report."""

import hashlib
import logging
from datetime import date
from pathlib import Path

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa.importing import LARGE_MAX_BYTES, Checked, ImportFileError, ImportRefused
from bexley_qa.people.lines import psqa_officers
from bexley_qa.people.models import Child, User

from . import access, emails, figures, importing
from .models import ImportKind, ImportRun, Measure, MeasureCompletion, Source

log = logging.getLogger(__name__)


def measure_record(
    *, actor: User, child: Child, measure: str, completed_on: date
) -> MeasureCompletion:
    """A practitioner (or their manager) records a measure done on the child's page."""
    access.can_record_measure.require(actor, child)
    problems = {}
    if measure not in Measure.values:
        problems["measure"] = "Select the measure that was completed"
    if completed_on > timezone.localdate():
        problems["completed_on"] = "The date completed must be today or in the past"
    elif completed_on < child.referral_date:
        problems["completed_on"] = (
            f"The date completed must be on or after the referral date "
            f"({child.referral_date:%-d %B %Y})"
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        completion, created = MeasureCompletion.objects.get_or_create(
            child=child,
            measure=measure,
            completed_on=completed_on,
            defaults={"source": Source.ENTERED, "recorded_by": actor},
        )
        if not created:
            raise ValidationError(
                {
                    "completed_on": f"{completion.get_measure_display()} is already recorded on this date"
                }
            )
        figures.refresh_current([child.team_id])
    return completion


def digest(content: bytes) -> str:
    """The file's fingerprint: the nightly job imports a file's content once."""
    return hashlib.sha256(content).hexdigest()


def _run(
    *,
    kind: str,
    name: str,
    sha256: str,
    via: str,
    actor: User | None,
    checked: Checked | None,
    error: str = "",
    summary: dict | None = None,
) -> ImportRun:
    problems = [str(p) for p in checked.shown_problems] if checked and checked.problems else []
    if error:
        problems = [error]
    return ImportRun.objects.create(
        kind=kind,
        file_name=Path(name).name[:255],
        sha256=sha256,
        via=via,
        run_by=actor,
        status=ImportRun.Status.REFUSED if problems else ImportRun.Status.IMPORTED,
        rows=len(checked.rows) if checked else 0,
        summary=summary or {},
        problems=problems,
        problem_count=len(checked.problems) if checked and checked.problems else len(problems),
    )


def _import(*, kind, actor, name, sha256, via, check, apply, lock=None) -> ImportRun:
    """One import, all rows or none: checked again inside the transaction (after `lock()`),
    `apply(checked, run)` saves the rows and gives the run's summary and the teams whose figures
    to refresh (None: every team). Refused, the run is recorded and ImportRefused raised."""
    if actor is not None:
        access.can_run_imports.require(actor)
    with (
        transaction.atomic(),
        pghistory.context(import_file=Path(name).name, user=actor and actor.pk),
    ):
        if lock:
            lock()
        checked = check()
        if checked.ok:
            run = _run(kind=kind, name=name, sha256=sha256, via=via, actor=actor, checked=checked)
            run.summary, teams = apply(checked, run)
            run.save(update_fields=["summary", "changes"])
            if teams is None or teams:
                figures.refresh_current(teams)
            return run
    refused = ImportRefused(checked)
    refused.run = _refused(
        kind=kind, name=name, sha256=sha256, via=via, actor=actor, checked=checked
    )
    raise refused


def children_import(
    *, actor: User | None, rows: list[importing.ChildRow], name: str, sha256: str, via: str
) -> ImportRun:
    """Create and update the children of the export, all or none, recording the run. Children
    already as the file has them are left alone (the same file twice changes nothing). Raises
    ImportRefused (the run recorded as refused) if any row is wrong."""

    def lock():
        case_ids = [r.cells.get("Case ID", "") for r in rows]
        list(Child.objects.select_for_update().filter(case_id__in=case_ids).order_by("pk"))

    def apply(checked, run):
        new, changed = [], []
        summary = dict.fromkeys(importing.CHANGES, 0)  # in one order everywhere
        for row in checked.rows:
            if importing.NEW in row.changes:
                new.append(Child(case_id=row.cells["Case ID"], **row.values))
            elif row.changes:
                for key, value in row.values.items():
                    setattr(row.child, key, value)
                changed.append(row.child)
            for change in row.changes or [importing.UNCHANGED]:
                summary[change] += 1
                if change != importing.UNCHANGED:
                    run.changes.setdefault(change, []).append(row.cells["Case ID"])
        summary = {what: count for what, count in summary.items() if count}
        Child.objects.bulk_create(new, batch_size=500)
        Child.objects.bulk_update(changed, fields=list(checked.rows[0].values), batch_size=500)
        return summary, (None if new or changed else [])

    return _import(
        kind=ImportKind.CHILDREN, actor=actor, name=name, sha256=sha256, via=via,
        check=lambda: importing.check_children(rows), apply=apply, lock=lock,
    )  # fmt: skip


def measures_import(
    *, actor: User | None, rows: list[importing.MeasureRow], name: str, sha256: str, via: str
) -> ImportRun:
    """Record the export's measures, all or none; rows recorded before add nothing. Raises
    ImportRefused (the run recorded as refused) if any row is wrong."""

    def apply(checked, run):
        new = [r for r in checked.rows if not r.already]
        MeasureCompletion.objects.bulk_create(
            [
                MeasureCompletion(child=r.child, measure=r.measure, completed_on=r.completed_on,
                                  source=Source.IMPORT, recorded_by=actor, import_run=run)
                for r in new
            ],
            ignore_conflicts=True,  # recorded meanwhile by someone else: the same completion
            batch_size=1000,
        )  # fmt: skip
        summary = {"added": len(new), "already recorded": len(checked.rows) - len(new)}
        return summary, sorted({r.child.team_id for r in new})

    return _import(
        kind=ImportKind.MEASURES, actor=actor, name=name, sha256=sha256, via=via,
        check=lambda: importing.check_measures(rows), apply=apply,
    )  # fmt: skip


def _refused(*, kind, name, sha256, via, actor, checked=None, error="") -> ImportRun:
    """Record a refused run; a refused nightly file is emailed to PSQA."""
    with transaction.atomic():
        run = _run(
            kind=kind,
            name=name,
            sha256=sha256,
            via=via,
            actor=actor,
            checked=checked,
            error=error,
        )
        if via == ImportRun.Via.FOLDER:
            emails.queue_import_refused(run, psqa_officers())
    return run


CHECKERS = {
    ImportKind.CHILDREN: importing.check_children,
    ImportKind.MEASURES: importing.check_measures,
}
READERS = {
    ImportKind.CHILDREN: importing.read_children,
    ImportKind.MEASURES: importing.read_measures,
}
IMPORTERS = {ImportKind.CHILDREN: children_import, ImportKind.MEASURES: measures_import}


def import_file(*, kind: str, name: str, content: bytes, via: str, actor: User | None) -> ImportRun:
    """Read, check and import one export file, recording the run either way (no exception)."""
    sha256 = digest(content)
    try:
        rows = READERS[kind](name, content, large=True)
    except ImportFileError as error:
        return _refused(kind=kind, name=name, sha256=sha256, via=via, actor=actor, error=str(error))
    try:
        return IMPORTERS[kind](actor=actor, rows=rows, name=name, sha256=sha256, via=via)
    except ImportRefused as refused:
        return refused.run


def kind_of_file(name: str) -> str | None:
    """Which export a file in the folder is, by its name: children_*/core_* or measures_*/sos_*."""
    stem = Path(name).name.lower()
    if Path(stem).suffix not in (".csv", ".xlsx"):
        return None
    if stem.startswith(("children", "core")):
        return ImportKind.CHILDREN
    if stem.startswith(("measures", "sos")):
        return ImportKind.MEASURES
    return None


def exports_import(*, folder: Path | None = None) -> list[ImportRun]:
    """The nightly job: import each export file in the folder not imported before (by its
    content), the children before the measures, then refresh the current month's figures."""
    folder = Path(folder or settings.CASE_SYSTEM_EXPORTS_DIR)
    runs = []
    if folder.is_dir():
        files = sorted(
            (p for p in folder.iterdir() if p.is_file() and kind_of_file(p.name)),
            key=lambda p: (kind_of_file(p.name) != ImportKind.CHILDREN, p.name),
        )
        for path in files:
            kind = kind_of_file(path.name)
            with path.open("rb") as file:
                content = file.read(LARGE_MAX_BYTES + 1)  # a larger file is refused as too large
            if ImportRun.objects.filter(sha256=digest(content), kind=kind).exists():
                continue
            run = import_file(
                kind=kind, name=path.name, content=content, via=ImportRun.Via.FOLDER, actor=None
            )
            log.info("Nightly import of %s: %s", path.name, run.get_status_display())
            runs.append(run)
    else:
        log.warning("The case system's export folder %s does not exist", folder)
    figures.refresh_current()
    return runs
