"""A record's workflow, written down in one table: its statuses, each with the words and the GOV.UK
tag colour every page shows it with, and the moves between them, each with its label and the
sentence that refuses it from anywhere else. `move()` is the only code that changes a status.

Every record with a status declares one (next to its model, in the app's `workflow.py`): the
audit (`audits/workflow.py`, which also records each step as an event), the moderation, the survey
round, the QA report, Practice Week, the import run and the email outbox. Templates show
`record.status_tag` (`templates/includes/status_tag.html`), never compare a status to choose a
colour. A status may be stored (a `status` field) or follow from the record (a report is
published once it has a `published_at`): then `status_of` says how, and a move sets the fields
that make it so.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction


@dataclass(frozen=True)
class Tag:
    """How a status is shown: its words and the GOV.UK tag colour (`govuk-tag--<colour>`)."""

    label: str
    colour: str


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    label: str  # what the user does, as a button or link says it
    refusal: str  # why it cannot happen from any other status

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


class Workflow:
    """One kind of record's statuses (each with its tag) and transitions."""

    def __init__(
        self,
        tags: dict[str, Tag],
        transitions: Iterable[Transition] = (),
        *,
        status_of: Callable[[object], str] | None = None,
    ):
        self.tags = dict(tags)
        self.transitions = tuple(transitions)
        self.stored = status_of is None  # a `status` field, or a status that follows
        self.status_of = status_of or (lambda record: record.status)
        for step in self.transitions:
            unknown = {*step.sources, step.target} - set(self.tags)
            if unknown:
                raise ValueError(f"{step.label}: no such status {sorted(unknown)}")

    def tag(self, record) -> Tag:
        return self.tags[self.status_of(record)]

    def allowed(self, record) -> list[Transition]:
        """The moves the record can make from where it is (the buttons a page may offer)."""
        status = self.status_of(record)
        return [step for step in self.transitions if step.allowed_from(status)]

    def check(self, record, transition: Transition) -> None:
        """Refuse, with the transition's own sentence, a move from a status it does not start at."""
        if not transition.allowed_from(self.status_of(record)):
            raise ValidationError(transition.refusal)

    def move(self, record, transition: Transition, *, save: bool = True, **changes):
        """Move the record along one transition: check it starts where the table says, set the
        fields the step changes (`changes`) and the new status, bump its version when it has one,
        and save those fields. Call inside the transaction that locked the record."""
        if save and not transaction.get_connection().in_atomic_block:
            raise RuntimeError("move() runs inside the transaction that locked the record")
        self.check(record, transition)
        for field, value in changes.items():
            setattr(record, field, value)
        fields = list(changes)
        if self.stored:
            record.status = transition.target
            fields.append("status")
        elif self.status_of(record) != transition.target:
            raise ValueError(f"{transition.label}: the changes do not make it {transition.target}")
        if hasattr(record, "version"):
            record.version += 1
            fields.append("version")
        if save:
            record.save(update_fields=fields if record.pk else None)
        return record

    def move_all(self, records, transition: Transition, **changes) -> int:
        """Move every record of a queryset that is where the transition starts (the others are
        left as they are); returns how many moved. For stored statuses only."""
        if not self.stored:
            raise ValueError("move_all() moves a stored status")
        return records.filter(status__in=transition.sources).update(
            status=transition.target, **changes
        )


# A task list's rows (GOV.UK's task list pattern) --------------------------------------------------


@dataclass(frozen=True)
class TaskStatus:
    """A task list row's status as GOV.UK shows it: done (plain words, "Completed", "Scored 7"),
    cannot start yet (grey words), or still to do (a tag of its colour)."""

    words: str
    colour: str = ""  # a tag's colour; none for plain words
    cannot_start: bool = False

    def __str__(self) -> str:
        return self.words


NOT_STARTED = TaskStatus("Not started", "blue")
IN_PROGRESS = TaskStatus("In progress", "light-blue")
COMPLETED = TaskStatus("Completed")
SUBMITTED = TaskStatus("Submitted")
WAIVED = TaskStatus("Waived", "grey")
CANNOT_START = TaskStatus("Cannot start yet", cannot_start=True)
NOTHING_TO_DO = TaskStatus("Nothing to do")


def done(words: str) -> TaskStatus:
    """A finished task whose words say more than "Completed" ("Scored 7")."""
    return TaskStatus(words)


def task_status(*, finished: bool, started: bool = False) -> TaskStatus:
    return COMPLETED if finished else IN_PROGRESS if started else NOT_STARTED
