"""Demo data the apps above people add to `seed_demo` (registered from their AppConfig.ready()).

`register_demo(name, seed=..., delete=...)`: `seed(history_months=N)` adds the app's demo work once the
organisation exists (`seed_demo --with-audits`) and returns lines to print; `delete()` removes the
app's rows before `seed_demo --replace` deletes the organisation they point at.
`register_history(build)`: `build(years=N, seed=S)` adds N years of history in bulk
(`seed_demo --history-years N`) and returns what it made, by kind.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoExtension:
    seed: Callable[..., list[str]] | None  # None: the app seeds nothing, only deletes its rows
    delete: Callable[[], None]


_extensions: dict[str, DemoExtension] = {}


def register_demo(
    name: str, *, seed: Callable[..., list[str]] | None, delete: Callable[[], None]
) -> None:
    _extensions[name] = DemoExtension(seed, delete)


def extensions() -> list[DemoExtension]:
    """In registration order (apps in INSTALLED_APPS order: lower floors first)."""
    return list(_extensions.values())


def named_extensions() -> list[tuple[str, DemoExtension]]:
    """(name, extension), in registration order: seed_demo says each step as it starts."""
    return list(_extensions.items())


_history: list[Callable[..., dict[str, int]]] = []


_after_seeding: list = []


def register_after_seeding(task) -> None:
    """A worker's task (Celery) an app has queued once the demo is seeded and committed: the
    figures read most counted, the dashboards' charts drawn, before the first reader asks."""
    _after_seeding.append(task)


def queue_after_seeding() -> None:
    """Queue each app's task. A broker that cannot be reached is logged: the figures are then
    counted, the charts drawn, when first read."""
    for task in _after_seeding:
        try:
            task.delay()
        except Exception:  # noqa: BLE001 - any broker failure: done when first read instead
            logging.getLogger(__name__).warning("Could not queue %s", task.name)


def after_seeding() -> list:
    return list(_after_seeding)


def register_history(build: Callable[..., dict[str, int]]) -> None:
    _history[:] = [build]


def history_builder() -> Callable[..., dict[str, int]] | None:
    return _history[0] if _history else None
