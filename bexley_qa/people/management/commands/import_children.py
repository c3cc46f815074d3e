from bexley_qa.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the case system's children export (core data: .xlsx or .csv). Every row is "
        "checked; if any row is wrong nothing is imported and the command exits 1, listing each "
        "problem by row and column. Children are created and updated; says what changed."
    )
    kind = "children"
