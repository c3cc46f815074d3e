"""The PDFs a record keeps once published (a QA report, a survey round's report, a Practice
Week's report): drawn by the worker, never while someone waits for the page that publishes.

Publishing leaves the record's `pdf` empty and calls `draw_when_committed(record)`: once the
publishing transaction commits, the worker draws it and keeps it (`draw_kept_pdf`). A download
serves what is kept (`kept_pdf`); if the worker has not drawn it yet (or the broker could not be
reached) the download draws it then and keeps it, under the record's row lock so it is drawn once.
Each model registers what draws its PDF (`keeps_pdf`) in its app's ready().
"""

import logging
from collections.abc import Callable

from celery import shared_task
from django.apps import apps
from django.db import models, transaction

log = logging.getLogger(__name__)

# "app_label.model" -> draws the record's PDF (bytes)
_DRAWERS: dict[str, Callable[[models.Model], bytes]] = {}


def keeps_pdf(model: type[models.Model], draw: Callable[[models.Model], bytes]) -> None:
    _DRAWERS[model._meta.label_lower] = draw


def draw_when_committed(record: models.Model) -> None:
    """Once the caller's transaction commits, have the worker draw and keep the record's PDF.
    A broker that cannot be reached is logged, not raised: the first download draws it."""
    label, pk = record._meta.label_lower, record.pk

    def queue() -> None:
        try:
            draw_kept_pdf.delay(label, pk)
        except Exception:  # noqa: BLE001 - any broker failure: the download draws it instead
            log.warning("Could not queue the PDF of %s %s to be drawn", label, pk, exc_info=True)

    transaction.on_commit(queue)


def kept_pdf(record: models.Model) -> bytes:
    """The record's kept PDF, drawn and kept now if it is not yet."""
    if record.pdf:
        return bytes(record.pdf)
    model = type(record)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        if not locked.pdf:  # not drawn by someone else while this waited for the lock
            locked.pdf = _DRAWERS[model._meta.label_lower](locked)
            model.objects.filter(pk=locked.pk).update(pdf=locked.pdf)
    return bytes(locked.pdf)


@shared_task(ignore_result=True)
def draw_kept_pdf(label: str, pk: int) -> bool:
    """The worker: draw and keep a published record's PDF. False when the record is gone."""
    record = apps.get_model(label).objects.filter(pk=pk).first()
    if record is None:
        return False
    kept_pdf(record)
    return True
