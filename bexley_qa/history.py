"""Change history: every insert, update and delete of a tracked model is kept by a PostgreSQL
trigger (django-pghistory), so bulk updates and raw SQL are caught as well as saves. Each history
row is a snapshot of the record with who made the change (the signed-in user, through the request
context that pghistory's middleware sets) and the page it was made on; a change made by a Celery
job or a command has no user and is shown as the system's.

`changes(rows)` turns a record's snapshots into what changed, from what to what; `lines(named)`
puts them in words for a page (templates/includes/changes_table.html).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pghistory
from django.contrib.auth import get_user_model
from django.utils.text import capfirst

# Not kept: the password hash (no one needs its history, and a copy is one more place to leak it)
# and fields that change on every sign-in.
NEVER_KEPT = ("password", "last_login")


def tracked(*, exclude: Iterable[str] = ()):
    """Keep the history of the decorated model in `<Model>History` (reached as `.history`)."""

    def decorate(model):
        return pghistory.track(
            pghistory.InsertEvent(),
            pghistory.UpdateEvent(),
            pghistory.DeleteEvent(),
            exclude=list(exclude) or None,
            model_name=f"{model.__name__}History",
            obj_field=pghistory.ObjForeignKey(related_name="history"),
        )(model)

    return decorate


def history_of(model):
    """The history model of a tracked model (`AreaScoreHistory` for `AreaScore`)."""
    return model._meta.get_field("history").related_model


@dataclass(frozen=True)
class Change:
    when: datetime
    who_id: int | None
    what: str  # "created", "changed" or "deleted"
    record: Any  # the snapshot (a <Model>History row)
    fields: tuple[tuple[str, Any, Any], ...]  # (field name, from, to); empty when created/deleted
    source: str = ""  # the import it came from: its file, or the payload client's batch


SKIPPED = {"id", "version", "updated_at", "created_at"}


def changes(rows: Iterable, *, skip: Iterable[str] = ()) -> list[Change]:
    """What changed in each snapshot since the one before it of the same record, oldest first.
    `rows` are history rows with their context selected (`select_related("pgh_context")`)."""
    skipped = SKIPPED | set(skip)
    previous: dict[Any, dict[str, Any]] = {}
    result = []
    for row in sorted(rows, key=lambda r: (r.pgh_created_at, r.pgh_id)):
        values = {
            f.attname: getattr(row, f.attname)
            for f in row._meta.fields
            if not f.name.startswith("pgh_") and f.attname not in skipped
        }
        before = previous.get(row.pgh_obj_id)
        fields: tuple = ()
        if row.pgh_label == "update" and before is not None:
            fields = tuple(
                (name, before.get(name), value)
                for name, value in values.items()
                if before.get(name) != value
            )
            if not fields:
                previous[row.pgh_obj_id] = values
                continue
        previous[row.pgh_obj_id] = values
        context = row.pgh_context.metadata if row.pgh_context_id else {}
        result.append(
            Change(
                when=row.pgh_created_at,
                who_id=context.get("user"),
                what={"insert": "created", "update": "changed", "delete": "deleted"}[row.pgh_label],
                record=row,
                fields=fields,
                source=context.get("import_file", ""),
            )
        )
    return result


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    long: bool  # free text: shown folded


@dataclass(frozen=True)
class Line:
    """One change as a page shows it: when, who, which record, and each field from what to what."""

    when: datetime
    who: str
    what: str
    fields: tuple[FieldChange, ...]


def lines(changes_by_record: Iterable[tuple[str, Change]]) -> list[Line]:
    """Changes (each with the name of its record, say "Area 7: Analysis") in words, newest first.
    The people who made them and the records their fields name (a person, a team) are read in
    one query per kind of record."""
    named = list(changes_by_record)
    records = _records_named(change for _, change in named)
    people = get_user_model()
    result = []
    for name, change in named:
        tracked = change.record.pgh_tracked_model
        fields = tuple(
            _field_change(tracked, attname, before, after, records)
            for attname, before, after in change.fields
        )
        person = records.get((people, change.who_id))
        who = person.get_full_name() if person else "The system (a scheduled job or an import)"
        if change.source:  # which file or payload batch, so it can be traced to its run
            who = (
                f"{person.get_full_name()}, importing {change.source}"
                if person
                else (f"The system, importing {change.source}")
            )
        result.append(
            Line(
                when=change.when,
                who=who,
                what=f"{name} {change.what}",
                fields=fields,
            )
        )
    result.sort(key=lambda line: line.when)  # stable: changes made at once keep their order
    result.reverse()
    return result


def _records_named(changes: Iterable[Change]) -> dict[tuple[Any, Any], Any]:
    """{(model, pk): record} for who made the changes and every record a changed field names."""
    wanted: dict[Any, set] = {get_user_model(): set()}
    for change in changes:
        if change.who_id:
            wanted[get_user_model()].add(change.who_id)
        for attname, before, after in change.fields:
            field = _field(change.record.pgh_tracked_model, attname)
            if field.is_relation:
                ids = wanted.setdefault(field.related_model, set())
                ids.update(value for value in (before, after) if value)
    return _in_bulk(wanted)


def _in_bulk(wanted: dict[Any, set]) -> dict[tuple[Any, Any], Any]:
    return {
        (model, pk): record
        for model, ids in wanted.items()
        if ids
        for pk, record in model._default_manager.in_bulk(ids).items()
    }


@dataclass(frozen=True)
class Shown:
    """A record's field as a person reads it: its label and its value in words."""

    label: str
    value: str
    long: bool  # free text


def fields_shown(records: list, *, skip: Iterable[str] = ()) -> list[list[Shown]]:
    """Each record's filled-in fields in words (labels, not column names; people and teams by
    name, not id; choices by their label), the records they name read in one query per kind."""
    skipped = SKIPPED | set(skip)
    wanted: dict[Any, set] = {}
    for record in records:
        for field in record._meta.fields:
            if field.is_relation and (value := getattr(record, field.attname)):
                wanted.setdefault(field.related_model, set()).add(value)
    named = _in_bulk(wanted)
    result = []
    for record in records:
        shown = []
        for field in record._meta.fields:
            value = getattr(record, field.attname)
            if field.primary_key or field.attname in skipped or value in (None, ""):
                continue
            shown.append(
                Shown(
                    label=capfirst(str(field.verbose_name)),
                    value=_shown(field, value, named),
                    long=field.get_internal_type() == "TextField",
                )
            )
        result.append(shown)
    return result


def _field(model, attname: str):
    return next(f for f in model._meta.fields if f.attname == attname)


def _field_change(model, attname: str, before, after, records: dict) -> FieldChange:
    field = _field(model, attname)
    return FieldChange(
        label=capfirst(str(field.verbose_name)),
        before=_shown(field, before, records),
        after=_shown(field, after, records),
        long=field.get_internal_type() == "TextField",
    )


def _shown(field, value, records: dict) -> str:
    if value is None or value == "":
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        # By its name (a person's full name, a team's name), if it still exists.
        related = records.get((field.related_model, value))
        if related is None:
            return f"{field.related_model._meta.verbose_name} {value}"
        return related.get_full_name() if hasattr(related, "get_full_name") else str(related)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        from django.utils import timezone

        return f"{timezone.localtime(value):%-d %b %Y %H:%M}"
    if hasattr(value, "strftime"):
        return f"{value:%-d %b %Y}"
    return str(value)
