"""Everything held about one child, for a subject access request and for retention.

Each app that holds records about a child registers a holder from its AppConfig.ready() (so this
ground floor never imports the apps above it): `register_holder(name, records=...)`.
`records(child)` gives that app's kinds of record as (title, model, lookup): the lookup finds the
child's records of that model, and the same lookup finds their change history (deleted records'
snapshots included). Anonymising empties every free-text field of those records (KEPT aside)
and deletes their history snapshots. Emails are matched to the child by the audits and
moderations they were about (their context), never by searching their text.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace, TruncYear
from django.utils import timezone
from django.utils.text import capfirst
from pghistory.models import Context

from bexley_qa import history
from bexley_qa.history import history_of

from .models import CaseSystemRecord, Child, RecordView

Records = Iterable[tuple[str, type[models.Model], dict]]
# Free text kept when anonymising: a language is equality data, not an identifier.
KEPT = {"first_language"}


_holders: dict[str, Callable[[Child], Records]] = {}
# How the subject access pack heads each app's records ("Audits", "Moderation").
_headings: dict[str, str] = {}
# What else an app keeps about a child outside its records (a cache of drawn PDFs): forgotten
# once the child's records are anonymised.
_forgetters: dict[str, Callable[[Child], None]] = {}
# What else names a child by case ID in its own words (an import run's lists): renamed when the
# child is anonymised, `rename(old_case_id, new_case_id)`, returning the records changed.
_renamers: list[Callable[[str, str], int]] = []


def register_case_id_renamer(rename: Callable[[str, str], int]) -> None:
    if rename not in _renamers:
        _renamers.append(rename)


def register_holder(
    name: str,
    *,
    records: Callable[[Child], Records],
    heading: str,
    forget: Callable[[Child], None] | None = None,
) -> None:
    _holders[name] = records
    _headings[name] = heading
    if forget is not None:
        _forgetters[name] = forget


def register_forgetter(name: str, forget: Callable[[Child], None]) -> None:
    """Something an app holding no record of the child drops once a child is anonymised (what
    it drew or counted from the child's records), after the anonymising commits."""
    _forgetters[name] = forget


def _row(instance: models.Model) -> dict:
    """A record as its field names and stored values (choices with their labels too)."""
    row = {}
    for field in instance._meta.fields:
        value = getattr(instance, field.attname)
        row[field.attname] = value
        if field.choices and value not in (None, ""):
            row[f"{field.attname}_label"] = str(dict(field.flatchoices).get(value, value))
    return row


def _with_history(title: str, model, lookup: dict) -> dict:
    rows = list(model.objects.filter(**lookup).order_by("pk"))
    history = []
    if (history_model := _history_model(model)) is not None:
        history_lookup = {"pgh_obj_id": lookup["pk"]} if "pk" in lookup else lookup
        for snapshot in (
            history_model.objects.filter(**history_lookup)
            .select_related("pgh_context")
            .order_by("pgh_id")
        ):
            entry = _row(snapshot)
            entry["changed_by_user_id"] = (
                snapshot.pgh_context.metadata.get("user") if snapshot.pgh_context_id else None
            )
            history.append(entry)
    return {"title": title, "records": [_row(r) for r in rows], "history": history}


def _history_model(model):
    try:
        return history_of(model)
    except FieldDoesNotExist:  # a model without history (AuditEvent is its own log)
        return None


def holds_records(child: Child) -> bool:
    """Whether any app holds a record about the child (an audit, a moderation, feedback, a
    measure): if none, a record the case system withdraws may be anonymised at once."""
    return any(
        model.objects.filter(**lookup).exists()
        for records in _holders.values()
        for _, model, lookup in records(child)
    )


def subject_access(child: Child) -> dict:
    """Everything held about the child: the case record, what each app holds, each record's
    change history, and who has looked at the child's records."""
    sections = [_with_history("The child's record", Child, {"pk": child.pk})]
    for records in _holders.values():
        sections.extend(
            _with_history(title, model, lookup) for title, model, lookup in records(child)
        )
    views = child.record_views.select_related("user").order_by("at")
    return {
        "produced_at": timezone.now().isoformat(),
        "case_id": child.case_id,
        "sections": sections,
        "record_views": [
            {
                "at": v.at.isoformat(),
                "who": v.user.get_full_name(),
                "what": v.get_what_display(),
                "path": v.path,
            }
            for v in views
        ],
    }


# The subject access pack: the same records, for a person to read -----------------------------


@dataclass(frozen=True)
class PackRecord:
    title: str
    fields: list[history.Shown]


@dataclass(frozen=True)
class PackSection:
    title: str
    records: list[PackRecord]
    changes: list[history.Line]  # oldest first


@dataclass(frozen=True)
class PackGroup:
    heading: str
    slug: str
    sections: list[PackSection]

    @property
    def record_count(self) -> int:
        return sum(len(section.records) for section in self.sections)


def subject_access_pack(child: Child) -> dict:
    """Everything held about the child, for the child, their family or the council's information
    governance officer to read: grouped by what holds it (the child's record, audits,
    moderation, feedback, measures), each record's fields by their labels with people and teams
    named, each record's history as who changed what, when, and who has read the records. The
    JSON export (subject_access) keeps everything for machines."""
    groups = [PackGroup("The child's record", "child", [_pack_section("The child's record",
                                                                      Child, {"pk": child.pk})])]  # fmt: skip
    for name, records in sorted(_holders.items(), key=lambda item: _pack_position(item[0])):
        sections = [_pack_section(title, model, lookup) for title, model, lookup in records(child)]
        groups.append(PackGroup(_headings[name], name, sections))
    reads = child.record_views.select_related("user").order_by("at")
    return {"groups": groups, "reads": list(reads)}


# The order a reader expects: what was audited, how it was checked, what the family said, then
# the measures; any other holder after them.
PACK_ORDER = ("audits", "moderation", "feedback", "dashboard")


def _pack_position(name: str) -> int:
    return PACK_ORDER.index(name) if name in PACK_ORDER else len(PACK_ORDER)


def _pack_section(title: str, model, lookup: dict) -> PackSection:
    (key,) = lookup
    audit_path = "" if key in ("pk", "child") else key.removesuffix("__child")
    rows = model.objects.filter(**lookup)
    if audit_path.endswith("audit"):
        rows = rows.select_related(audit_path)
    rows = list(rows.order_by("pk"))
    shown = history.fields_shown(rows, skip=_pack_skips(model, key))
    titles = {row.pk: _pack_title(model, row, audit_path) for row in rows}
    records = [PackRecord(titles[row.pk], fields) for row, fields in zip(rows, shown, strict=True)]
    changes = []
    if (history_model := _history_model(model)) is not None:
        history_lookup = {"pgh_obj_id": lookup["pk"]} if key == "pk" else lookup
        snapshots = history_model.objects.filter(**history_lookup).select_related("pgh_context")
        deleted = f"A {model._meta.verbose_name} since deleted"
        changes = history.lines(
            (titles.get(change.record.pgh_obj_id, deleted), change)
            for change in history.changes(snapshots)
        )
        changes.reverse()  # oldest first: the record's story
    return PackSection(title, records, changes)


def _pack_skips(model, key: str) -> set[str]:
    """Fields the pack leaves out: the link back to the child (the pack is about them) and the
    link to the audit (each record's title names it)."""
    skip = {"child_id"} if key != "pk" else set()
    if key.endswith("audit__child") and key.count("__") == 1:
        skip.add("audit_id")
    return skip


def _pack_title(model, row, audit_path: str) -> str:
    if hasattr(row, "reference"):  # an audit
        return f"Audit {row.reference}"
    name = capfirst(str(model._meta.verbose_name))
    if not audit_path.endswith("audit"):
        return name
    audit = row
    for step in audit_path.split("__"):
        audit = getattr(audit, step)
    return f"{name}, audit {audit.reference}"


def _free_text(model) -> list[str]:
    return [
        f.name
        for f in model._meta.fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.name not in KEPT
    ]


def _scrub(model, lookup: dict) -> int:
    """Empty the free text of the child's records of this model, keep only the year of any date
    of birth they copy, and delete their history snapshots (which hold the old values, and those
    of records since deleted); the number of records."""
    records = model.objects.filter(**lookup)
    changes = dict.fromkeys(_free_text(model), "")
    if any(f.name == "date_of_birth" for f in model._meta.fields):  # a copy (an audit's Section 1)
        changes["date_of_birth"] = TruncYear("date_of_birth")
    count = records.update(**changes) if changes else records.count()
    if (history_model := _history_model(model)) is not None:
        history_model.objects.filter(**lookup).delete()
    return count


@transaction.atomic
def anonymise(child: Child) -> int:
    """Remove what identifies the child from every record held (the retention schedule): the
    case record keeps only what statistics need (gender, ethnicity, first language, team, plan
    type, the year of birth); free text goes from every app's records; history snapshots holding them go too; the
    read log's paths and the outbox's emails stop naming the case. Returns the records changed."""
    from bexley_qa.notifications.models import Notification

    kinds = [kind for records in _holders.values() for kind in records(child)]
    # Emails about the child's audits and moderations (matched by what they were about).
    about = Q(pk__in=[])
    for _, model, lookup in kinds:
        key = model._meta.model_name
        if key in ("audit", "moderation"):
            about |= Q(
                **{
                    f"context__{key}__in": list(
                        model.objects.filter(**lookup).values_list("pk", flat=True)
                    )
                }
            )
    emails = Notification.objects.filter(about).update(
        subject="(removed at retention)",
        body_text="(removed at retention)",
        body_html="<p>(removed at retention)</p>",
        context={},
    )
    changed = emails + sum(_scrub(model, lookup) for _, model, lookup in kinds)
    # The case system's episodes as last sent (their ids and dates) go: statistics need none.
    changed += CaseSystemRecord.objects.filter(child=child).delete()[0]
    old_case_id = child.case_id
    new_case_id = f"ANON{child.pk}"
    Child.objects.filter(pk=child.pk).update(
        case_id=new_case_id,
        first_name="Anonymised",
        last_name=f"child {child.pk}",
        date_of_birth=date(child.date_of_birth.year, 1, 1),
        anonymised_at=timezone.now(),
    )
    history_of(Child).objects.filter(pgh_obj_id=child.pk).delete()
    RecordView.objects.filter(child=child).update(
        path=Replace("path", Value(f"/children/{old_case_id}/"), Value(f"/children/{new_case_id}/"))
    )
    # The change history's contexts keep the path each change was made on (/children/<case ID>/).
    for context in Context.objects.filter(
        metadata__url__regex=rf"^/children/{re.escape(old_case_id)}/"
    ):
        context.metadata["url"] = context.metadata["url"].replace(old_case_id, new_case_id)
        context.save(update_fields=["metadata"])
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Child), object_id=str(child.pk)
    ).update(object_repr=f"Anonymised child {child.pk}", change_message="")
    changed += sum(rename(old_case_id, new_case_id) for rename in _renamers)
    for forget in _forgetters.values():  # once committed: nothing drawn before it is served again
        transaction.on_commit(lambda forget=forget: forget(child))
    child.refresh_from_db()
    return changed + 1
