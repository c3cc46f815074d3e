"""Figures counted once and kept: the audit results (the directorate's, counted over every
audit of a county's ten years, and each manager's, over their teams'), and the QA reports'
figures, are read from `CountedFigures` instead of being counted while someone waits.

- A page asks for its figures with `figures_for(asked)`: `asked` is what is counted (the page,
  the question or report, the filters and the period), as plain values, enough to count it again.
  The first time, they are counted there and then, and kept.
- The records' state is a `fingerprint`: the last change kept in the change history of every app
  the figures count (every insert, update and delete is kept there by a trigger, bulk updates
  included), and the date (figures such as "overdue" change with the day). Figures counted at
  another state are shown as they were, with the time they were counted, and counted again by
  the worker at once (`recount_figures`); the scheduler counts again every ten minutes the
  directorate's figures read in the last two days (a manager's, far more of them and each read
  less, are counted again when next read), and drops those no one has read for
  `KEEP_UNREAD_DAYS`.
- A page says when its figures were counted (templates/reporting/includes/counted_at.html), and
  keeps the markup of its figures in the cache (`{% cache %}` under `Counted.drawn_as`): a county's
  tables are thousands of cells, and drawing them took longer than counting them.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import shared_task
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from pghistory.models import Event

from sos.models import MonthlyFigure

from .analytics.figure import Figure
from .models import CountedFigures

log = logging.getLogger(__name__)

# The apps whose records the figures count (their change history says when they changed).
COUNTED_APPS = ("audits", "moderation", "feedback", "people", "dashboard")
KEEP_UNREAD_DAYS = 14
RECOUNTED_IF_READ_WITHIN = timedelta(days=2)  # by the scheduler; others when next read
READ_AT_EVERY = timedelta(hours=1)  # a read is noted at most this often (not a write per read)
QUEUED_FOR_SECONDS = 60  # one recount of the same figures queued at a time
WORKER_OVERDUE = timedelta(minutes=30)  # asked to count again and not counted: counted in the page

# page -> counts its figures from what was asked (registered by the app that shows them)
COUNTERS: dict[str, Callable[[dict], list[Figure]]] = {}
# page -> what is asked most (counted each night and after seeding, before anyone asks)
USUAL: dict[str, Callable[[], list[dict]]] = {}


def counter(page: str, *, usual: Callable[[], list[dict]] | None = None):
    """Register the function that counts `page`'s figures from what was asked, and what of it
    is asked most."""

    def register(count: Callable[[dict], list[Figure]]):
        COUNTERS[page] = count
        if usual:
            USUAL[page] = usual
        return count

    return register


@dataclass(frozen=True)
class Counted:
    key: str
    figures: list[Figure]
    counted_at: datetime
    current: bool  # nothing the figures count has changed since

    @property
    def drawn_as(self) -> str:
        """What a page caches its figures' markup under (`{% cache %}`): these figures, as
        counted at this time; the page adds whatever else its markup varies by."""
        return f"{self.key}:{self.counted_at.isoformat()}"


def fingerprint() -> str:
    return state_now()[0]


def state_now() -> tuple[str, bool]:
    """The state of the records the figures count (one read of each history table's last row,
    the Signs of Safety roll-up's last refresh, which keeps no history, and the date), and
    whether another transaction of this database was writing at that moment: its rows, once
    committed, may sit below the last row read, so figures counted now are counted again."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, Event) and model._meta.app_label in COUNTED_APPS
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Who is writing now, not as first read in this transaction (PostgreSQL keeps the
        # activity it read for the rest of a transaction).
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        # The table names come from the app registry, not from anyone's input.
        reads = ", ".join(f"(SELECT max(pgh_id) FROM {quote(t)})" for t in tables)  # noqa: S608
        cursor.execute(
            f"SELECT {reads}, (SELECT max(computed_at) FROM {quote(MonthlyFigure._meta.db_table)}),"  # noqa: S608
            " (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())"
        )
        *last, writing = cursor.fetchone()
    state = repr((timezone.localdate().isoformat(), last))
    return hashlib.sha256(state.encode()).hexdigest(), bool(writing)


def key_of(asked: dict) -> str:
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


def figures_for(asked: dict) -> Counted:
    """The figures asked for: as kept (counted again in the background if anything changed
    since), or counted now and kept (the first time, or when the worker was asked to count them
    again WORKER_OVERDUE ago and has not: a worker or broker down)."""
    key, now = key_of(asked), timezone.now()
    state, writing = state_now()
    kept = CountedFigures.objects.filter(key=key).first()
    if kept is None:
        return count(asked, state, settled=not writing)
    if kept.fingerprint != state:
        if kept.recount_asked_at and now - kept.recount_asked_at > WORKER_OVERDUE:
            return count(asked, state, settled=not writing)  # asked long ago: no worker came
        if kept.recount_asked_at is None:
            CountedFigures.objects.filter(pk=kept.pk, recount_asked_at__isnull=True).update(
                recount_asked_at=now
            )
        queue_recount(key)
    if now - kept.read_at > READ_AT_EVERY:
        CountedFigures.objects.filter(pk=kept.pk).update(read_at=now)
    return Counted(
        key, [Figure.from_json(f) for f in kept.figures], kept.counted_at, kept.fingerprint == state
    )


def count(asked: dict, state: str, *, settled: bool = True) -> Counted:
    """Count the figures asked for and keep them, as of `state` (taken before counting, so a
    change made while they are counted is counted next time; not `settled`: another transaction
    was writing then, so they are counted again)."""
    figures = [f.as_json() for f in COUNTERS[asked["page"]](asked)]
    now = timezone.now()
    state = state if settled else f"{state[:-1]}?"  # matches no state: counted again
    counted = {"asked": asked, "figures": figures, "fingerprint": state, "counted_at": now}
    CountedFigures.objects.update_or_create(
        key=key_of(asked),
        defaults={**counted, "recount_asked_at": None},
        create_defaults={**counted, "read_at": now},
    )
    return Counted(key_of(asked), [Figure.from_json(f) for f in figures], now, True)


def count_now(asked: dict, *, draw: bool = False) -> Counted:
    """Count the figures asked for, as of the records' state now, and keep them; `draw`: their
    charts too (the worker's), so the page that reads them next shows them at once."""
    state, writing = state_now()
    found = count(asked, state, settled=not writing)
    for figure in found.figures if draw else []:
        if figure.chart and figure.has_data:
            figure.chart()
    return found


def queue_recount(key: str) -> None:
    """Once the request's transaction commits, have the worker count these figures again (once
    a minute at most). A broker that cannot be reached is logged: the page shows the figures as
    they were counted, and the scheduler counts them again."""
    if not cache.add(f"counted-figures:queued:{key}", 1, QUEUED_FOR_SECONDS):
        return

    def queue() -> None:
        try:
            recount_figures.delay(key)
        except Exception:  # noqa: BLE001 - any broker failure: the scheduler counts them again
            log.warning("Could not queue figures to be counted again", exc_info=True)

    transaction.on_commit(queue)


@shared_task(ignore_result=True)
def recount_figures(key: str | None = None) -> int:
    """Count again the kept figures that the records have changed since: one (`key`, when a
    page found them changed), or (the scheduler) those read recently; drop those no one has
    read for KEEP_UNREAD_DAYS. Draws their charts, so a page shows them at once. Returns how
    many were counted."""
    now = timezone.now()
    CountedFigures.objects.filter(read_at__lt=now - timedelta(days=KEEP_UNREAD_DAYS)).delete()
    state = fingerprint()
    stale = CountedFigures.objects.exclude(fingerprint=state)
    if key:
        stale = stale.filter(key=key)
    else:  # the directorate's figures: a manager's are counted again when next read
        stale = stale.filter(read_at__gte=now - RECOUNTED_IF_READ_WITHIN).exclude(
            asked__has_key="teams"
        )
    counted = 0
    for asked in stale.values_list("asked", flat=True):
        try:
            count_now(asked, draw=True)
        except LookupError:  # what it counted is gone (a team or service deleted)
            CountedFigures.objects.filter(key=key_of(asked)).delete()
            continue
        counted += 1
    return counted


@shared_task(ignore_result=True)
def precount_figures() -> int:
    """Nightly, and after the demo is seeded: count the figures asked most (each page's usual:
    the audit results of the last twelve months, the latest directorate QA reports) if they are
    not counted at the records' state, so the morning's first reader does not wait. Returns how
    many were counted."""
    state = fingerprint()
    asked = [a for usual in USUAL.values() for a in usual()]
    current = set(
        CountedFigures.objects.filter(
            key__in=[key_of(a) for a in asked], fingerprint=state
        ).values_list("key", flat=True)
    )
    counted = 0
    for one in asked:
        if key_of(one) not in current:
            count_now(one, draw=True)
            counted += 1
    return counted


def forget_all(child) -> None:
    """Once a child is anonymised (bexley_qa/people/records.py): every kept figure dropped, to be
    counted again when next read. Some list case-level rows (a case ID and an auditor's words),
    and a manager's are not counted again until read; their kept markup, keyed by the time they
    were counted, is not served again."""
    CountedFigures.objects.all().delete()
