"""Everything held about one child, for a subject access request and for retention.

Each app that holds records about a child registers a holder from its AppConfig.ready() (so this
ground floor never imports the apps above it): `register_holder(name, records=...)`.
`records(child)` gives that app's records of the child as (title, queryset) pairs; the export adds
each record's change history. Anonymising empties every free-text answer of those records (the
AnswerFields, where anything identifying would be written) and drops their history snapshots.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace, TruncYear
from django.utils import timezone
from pghistory.models import Context

from bexley_qa.fields import AnswerField
from bexley_qa.history import history_of

from .models import Child, RecordView

Records = Iterable[tuple[str, models.QuerySet]]


_holders: dict[str, Callable[[Child], Records]] = {}


def register_holder(name: str, *, records: Callable[[Child], Records]) -> None:
    _holders[name] = records


def _row(instance: models.Model) -> dict:
    """A record as its field names and stored values (choices with their labels too)."""
    row = {}
    for field in instance._meta.fields:
        value = getattr(instance, field.attname)
        row[field.attname] = value
        if field.choices and value not in (None, ""):
            row[f"{field.attname}_label"] = str(dict(field.flatchoices).get(value, value))
    return row


def _with_history(title: str, queryset: models.QuerySet) -> dict:
    rows = list(queryset)
    history_model = _history_model(queryset.model)
    history = []
    if history_model is not None and rows:
        for snapshot in (
            history_model.objects.filter(pgh_obj_id__in=[r.pk for r in rows])
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
    except Exception:  # noqa: BLE001 - a model without history (AuditEvent is its own log)
        return None


def subject_access(child: Child) -> dict:
    """Everything held about the child: the case record, what each app holds, each record's
    change history, and who has looked at the child's records."""
    sections = [_with_history("The child's record", Child.objects.filter(pk=child.pk))]
    for records in _holders.values():
        sections.extend(_with_history(title, queryset) for title, queryset in records(child))
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


def blank_answers(queryset: models.QuerySet) -> int:
    """Empty every free-text answer of these records, keep only the year of any date of birth they
    copy, and drop their history snapshots (which hold the old values); the number of records."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    changes = {f.name: "" for f in model._meta.fields if isinstance(f, AnswerField)}
    if any(f.name == "date_of_birth" for f in model._meta.fields):  # a copy (an audit's Section 1)
        changes["date_of_birth"] = TruncYear("date_of_birth")
    if changes:
        model.objects.filter(pk__in=ids).update(**changes)
    if (history_model := _history_model(model)) is not None:
        history_model.objects.filter(pgh_obj_id__in=ids).delete()
    return len(ids)


@transaction.atomic
def anonymise(child: Child) -> int:
    """Remove what identifies the child from every record held (the retention schedule): the
    case record keeps only what statistics need (gender, ethnicity, team, plan type, the year of
    birth); free text goes from every app's records; history snapshots holding them go too; the
    read log's paths and the outbox's emails stop naming the case. Returns the records changed."""
    from bexley_qa.notifications.models import Notification

    changed = sum(
        blank_answers(queryset) for records in _holders.values() for _, queryset in records(child)
    )
    old_case_id, name = child.case_id, child.full_name
    new_case_id = f"ANON{child.pk}"
    Child.objects.filter(pk=child.pk).update(
        case_id=new_case_id,
        first_name="Anonymised",
        last_name=f"child {child.pk}",
        date_of_birth=date(child.date_of_birth.year, 1, 1),
        first_language="",
        anonymised_at=timezone.now(),
    )
    history_of(Child).objects.filter(pgh_obj_id=child.pk).delete()
    RecordView.objects.filter(child=child).update(
        path=Replace("path", Value(old_case_id), Value(new_case_id))
    )
    # The change history's contexts keep the path each change was made on (/children/<case ID>/).
    for context in Context.objects.filter(metadata__url__contains=f"/{old_case_id}/"):
        context.metadata["url"] = context.metadata["url"].replace(old_case_id, new_case_id)
        context.save(update_fields=["metadata"])
    changed += Notification.objects.filter(
        Q(subject__contains=old_case_id)
        | Q(body_text__contains=old_case_id)
        | Q(body_text__contains=name)
    ).update(
        subject="(removed at retention)",
        body_text="(removed at retention)",
        body_html="<p>(removed at retention)</p>",
        context={},
    )
    child.refresh_from_db()
    return changed + 1
