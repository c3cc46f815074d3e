from bexley_qa.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the case system's Signs of Safety measures export (Case ID, Measure, Date "
        "completed; .xlsx or .csv). Every row is checked; if any row is wrong nothing is imported "
        "and the command exits 1, listing each problem by row and column. Measures already "
        "recorded are not added again."
    )
    kind = "measures"
