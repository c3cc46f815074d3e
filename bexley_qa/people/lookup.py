"""What the apps above people say about the children a lookup finds (registered from their
AppConfig.ready()): audits says which already have an audit in progress, so business support
are not offered an allocation that would be refused.

`register_lookup_note(notes)`: `notes(children)` returns {child pk: a short note} for the
children it has something to say about, in one query for the whole list.
"""

from collections.abc import Callable, Iterable

from .models import Child

_notes: list[Callable[[list[Child]], dict[int, str]]] = []


def register_lookup_note(notes: Callable[[list[Child]], dict[int, str]]) -> None:
    if notes not in _notes:
        _notes.append(notes)


def notes_for(children: Iterable[Child]) -> dict[int, str]:
    """Each child's note (the first app's, where two say something)."""
    children = list(children)
    found: dict[int, str] = {}
    for notes in _notes:
        for pk, note in notes(children).items():
            found.setdefault(pk, note)
    return found
