"""What the apps above audits add to an audit, registered from their AppConfig.ready().

Feedback (Section 5) and moderation stand on audits, so audits never imports them; yet an audit's
completion rules, its task list and its PDF include their parts. Each app registers:

- a completion rule, `register_completion_rule(order, rule)`: `rule(audit)` returns what is still
  missing, as `Unmet` problems; `order` places them among the audit's own rules (10 areas scored,
  20 grade, 30 self-assessments, 50 actions), so the list reads in the form's order;
- a section of the audit, `register_section(Section(...))`: its number on the form, the tasks it
  shows on the audit's task list, and its part of the PDF and of the check-your-answers page
  (templates that show what `pdf_record(audit)` returns as `record`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from bexley_qa.workflow import TaskStatus


@dataclass(frozen=True)
class Unmet:
    """A completion rule the audit does not meet yet."""

    message: str
    fix: str  # the URL name of the page that fixes it (it takes the audit's pk, then `args`)
    args: tuple = ()
    anchor: str = ""  # the id on that page where the fix is made (the input to fill in)

    def url(self, pk: int) -> str:
        """Where the error summary's link takes the user: the very place it is fixed."""
        from django.urls import reverse

        return reverse(self.fix, args=[pk, *self.args]) + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class Task:
    """One row of the audit's task list."""

    id: str
    name: str
    url: str | None  # None: the task cannot be opened by this user yet
    status: TaskStatus  # Not started, In progress, Completed, ... (bexley_qa/workflow.py)
    hint: str = ""


@dataclass(frozen=True)
class Section:
    number: int  # the audit form's section number: where it goes on the page and in the PDF
    title: str
    tasks: Callable[..., list[Task]]  # tasks(audit) for the task list
    pdf_template: str
    pdf_record: Callable[..., object]  # pdf_record(audit): shown as `record` by pdf_template
    # The same record on a page (the check-your-answers page before completion), as `record`.
    page_template: str = ""
    # False: a part of the PDF only (moderation, which follows the audit), not of the task list.
    on_task_list: bool = True


_completion_rules: dict[str, tuple[int, Callable]] = {}
_sections: dict[int, Section] = {}


def register_completion_rule(order: int, rule: Callable) -> None:
    """Add a completion rule; registering the same function again replaces it."""
    _completion_rules[f"{rule.__module__}.{rule.__qualname__}"] = (order, rule)


def completion_rules() -> list[tuple[int, Callable]]:
    return sorted(_completion_rules.values(), key=lambda pair: pair[0])


def register_section(section: Section) -> None:
    """Add a section of the audit (one per form section number)."""
    _sections[section.number] = section


def sections() -> list[Section]:
    return [_sections[number] for number in sorted(_sections)]


OUTCOME_SECTION = 6  # the audit's own Section 6 (the outcome and actions) and step 7 follow


def around_the_outcome(parts: list[tuple[Section, object]]) -> dict[str, list]:
    """Each section with what it shows, split into those before and after Section 6."""
    return {
        "sections_before_outcome": [p for p in parts if p[0].number < OUTCOME_SECTION],
        "sections_after_outcome": [p for p in parts if p[0].number > OUTCOME_SECTION],
    }
