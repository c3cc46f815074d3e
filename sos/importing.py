"""The case system's Signs of Safety export, read, checked row by row (the preview) and written,
all rows or none, through the one import framework (bexley_qa/importing.py).

Columns: Case ID, Measure, Date completed. A measure already recorded for the case on that date is
not added again, so the same file twice adds nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from bexley_qa.importing import (
    Checked,
    Duplicates,
    Import,
    Problem,
    choice,
    date_cell,
    problem_adder,
)
from bexley_qa.people.access import can_open_case_files, can_run_imports
from bexley_qa.people.models import Child

from . import figures
from .models import SHORT_LABELS, Measure, MeasureCompletion, Source

MEASURE_COLUMNS = ("Case ID", "Measure", "Date completed")
OUTCOMES = ("added", "already recorded")
# A measure by its code, its name, or its name without "(analysis and judgement)".
MEASURE_NAMES = [
    *Measure.choices,
    *SHORT_LABELS.items(),
    (Measure.WORDS_PICTURES, "Words and pictures"),
]


@dataclass
class MeasureRow:
    number: int
    cells: dict[str, str]
    child: Child | None = None
    measure: str = ""
    completed_on: date | None = None
    already: bool = False  # recorded before: importing it again adds nothing
    problems: list[Problem] = field(default_factory=list)

    @property
    def measure_label(self) -> str:
        return Measure(self.measure).label if self.measure else self.cells.get("Measure", "")


def check_measures(rows: list[MeasureRow]) -> Checked:
    """Every row resolved: the case, the measure, the date (not in the future, not before the
    case's referral); rows already recorded are marked, and import nothing again."""
    case_ids = {r.cells.get("Case ID", "") for r in rows}
    children = {c.case_id: c for c in Child.objects.filter(case_id__in=case_ids)}
    recorded = set(
        MeasureCompletion.objects.filter(child__case_id__in=case_ids).values_list(
            "child_id", "measure", "completed_on"
        )
    )
    for row in rows:
        problem = problem_adder(row)
        case_id = row.cells.get("Case ID", "")
        if not case_id:
            problem("Case ID", "Case ID is empty")
        else:
            row.child = children.get(case_id)
            if row.child is None:
                problem("Case ID", f"There is no case with ID {case_id}")
            elif row.child.anonymised_at:
                problem(
                    "Case ID",
                    f"Case {case_id}'s records were anonymised under the retention schedule",
                )
        name = row.cells.get("Measure", "")
        if not name:
            problem("Measure", "Measure is empty")
        else:
            row.measure = choice(name, MEASURE_NAMES) or ""
            if not row.measure:
                problem(
                    "Measure",
                    f"There is no measure called {name}: use one of "
                    + ", ".join(SHORT_LABELS.values()),
                )
        row.completed_on = date_cell(row, "Date completed", problem)
        # The case's own dates are not repeated here: business support see this page.
        if row.child and row.completed_on and row.completed_on < row.child.referral_date:
            problem("Date completed", "Date completed is before the case's referral date")
        elif (
            row.child
            and row.completed_on
            and not row.child.is_open
            and (row.child.closed_on is None or row.completed_on > row.child.closed_on)
        ):
            problem("Date completed", "The case was closed before this date")
        if not row.problems:
            row.already = (row.child.pk, row.measure, row.completed_on) in recorded
    return Checked(rows=rows, problems=[p for r in rows for p in r.problems])


def write_measures(*, checked: Checked, actor, run) -> dict:
    """Record the rows not recorded before, then refresh the current month's figures of their
    teams."""
    new = [r for r in checked.rows if not r.already]
    MeasureCompletion.objects.bulk_create(
        [
            MeasureCompletion(child=r.child, measure=r.measure, completed_on=r.completed_on,
                              source=Source.IMPORT, recorded_by=actor, import_run=run)
            for r in new
        ],
        ignore_conflicts=True,  # recorded meanwhile by someone else: the same completion
        batch_size=1000,
    )  # fmt: skip
    if teams := sorted({r.child.team_id for r in new}):
        figures.refresh_current(teams)
    return {"added": len(new), "already recorded": len(checked.rows) - len(new)}


MEASURES = Import(
    kind="measures",
    label="Signs of Safety measures",
    title="Import Signs of Safety measures",
    noun=("measure", "measures"),
    columns=MEASURE_COLUMNS,
    required=MEASURE_COLUMNS,
    row=MeasureRow,
    check=check_measures,
    duplicates=(
        Duplicates(
            key=lambda r: None if r.problems else (r.child.pk, r.measure, r.completed_on),
            column="",
            message="The same measure and date for this case is also on row {first}",
        ),
    ),
    write=write_measures,
    may=can_run_imports,
    intro="sos/import_intro.html",
    preview="sos/import_rows.html",
    outcomes=OUTCOMES,
    # Whether a case already had a measure on a date says what is on its file.
    outcomes_without_case_files={"added": "checked", "already recorded": "checked"},
    folder=("measures", "sos"),
    folder_order=20,
    describe=lambda row: (
        f"case {row.child.case_id}: {row.measure_label} on {row.completed_on:%-d %B %Y} "
        f"({'already recorded' if row.already else 'new'})"
    ),
    # Business support run the import but see no child's name or measures.
    context=lambda user: {"show_names": can_open_case_files(user)},
)
