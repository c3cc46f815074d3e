from dashboard.models import ImportKind

from ._export_import import ExportImportCommand


class Command(ExportImportCommand):
    help = (
        "Import the case system's Signs of Safety measures export (Case ID, Measure, Date "
        "completed; .xlsx or .csv). Every row is checked; if any row is wrong nothing is imported "
        "and the command exits 1, listing each problem by row and column. Measures already "
        "recorded are not added again."
    )
    kind = ImportKind.MEASURES

    def describe(self, row) -> str:
        state = "already recorded" if row.already else "new"
        return f"case {row.child.case_id}: {row.measure_label} on {row.completed_on:%-d %B %Y} ({state})"
