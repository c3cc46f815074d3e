"""Change history: every insert, update and delete of a tracked model is kept by a PostgreSQL
trigger (django-pghistory), so bulk updates and raw SQL are caught as well as saves. Each history
row is a snapshot of the record with who made the change (the signed-in user, through the request
context that pghistory's middleware sets) and the page it was made on; a change made by a Celery
job or a command has no user and is shown as the system's.

`changes(rows)` turns a record's snapshots into what changed, from what to what.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pghistory

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


def lines(changes_by_record: Iterable[tuple[str, Change]], users: dict[int, Any]) -> list[Line]:
    """Changes (each with the name of its record, say "Area 7: Analysis") in words, newest first.
    `users` maps the ids in the history (who, and any person a field names) to people."""
    result = []
    for name, change in changes_by_record:
        tracked = change.record.pgh_tracked_model
        fields = tuple(
            _field_change(tracked, attname, before, after, users)
            for attname, before, after in change.fields
        )
        who = users.get(change.who_id) if change.who_id else None
        result.append(
            Line(
                when=change.when,
                who=who.get_full_name() if who else "The system (a scheduled job or an import)",
                what=f"{name} {change.what}",
                fields=fields,
            )
        )
    result.sort(key=lambda line: line.when)  # stable: changes made at once keep their order
    result.reverse()
    return result


def user_ids(changes: Iterable[Change]) -> set[int]:
    """Everyone a page of changes names: who made them and who a person field names."""
    ids = set()
    for change in changes:
        if change.who_id:
            ids.add(change.who_id)
        for attname, before, after in change.fields:
            field = _field(change.record.pgh_tracked_model, attname)
            if field.is_relation and field.related_model._meta.label == "people.User":
                ids.update(value for value in (before, after) if value)
    return ids


def _field(model, attname: str):
    return next(f for f in model._meta.fields if f.attname == attname)


def _field_change(model, attname: str, before, after, users: dict) -> FieldChange:
    field = _field(model, attname)
    return FieldChange(
        label=str(field.verbose_name).capitalize(),
        before=_shown(field, before, users),
        after=_shown(field, after, users),
        long=field.get_internal_type() == "TextField",
    )


def _shown(field, value, users: dict) -> str:
    if value is None or value == "":
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        if field.related_model._meta.label == "people.User" and value in users:
            return users[value].get_full_name()
        # Another record (a team, say): by its name, if it still exists. Changes of these are rare.
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"{field.related_model._meta.verbose_name} {value}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        from django.utils import timezone

        return f"{timezone.localtime(value):%-d %b %Y %H:%M}"
    if hasattr(value, "strftime"):
        return f"{value:%-d %b %Y}"
    return str(value)
