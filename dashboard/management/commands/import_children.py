from dashboard.models import ImportKind

from ._export_import import ExportImportCommand


class Command(ExportImportCommand):
    help = (
        "Import the case system's children export (core data: .xlsx or .csv). Every row is "
        "checked; if any row is wrong nothing is imported and the command exits 1, listing each "
        "problem by row and column. Children are created and updated; says what changed."
    )
    kind = ImportKind.CHILDREN

    def describe(self, row) -> str:
        return f"case {row.cells['Case ID']}: {row.change_text}"
