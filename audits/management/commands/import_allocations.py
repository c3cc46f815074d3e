from bexley_qa.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import audit allocations from an .xlsx or .csv spreadsheet (the same checks as the upload "
        "page). Every row is checked; if any row is wrong nothing is imported and the command "
        "exits 1, listing each problem by row and column. Say who allocates with --as USERNAME "
        "(business support or PSQA) unless --dry-run."
    )
    kind = "allocations"
