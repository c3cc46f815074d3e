from bexley_qa.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the council's staff file (.xlsx or .csv): Staff ID, First name, Last name, Email, "
        "Job title, Team, Service, Roles (separated by ';'), Active (Yes/No). Every row is "
        "checked; if any row is wrong nothing is imported and the command exits 1, listing each "
        "problem by row and column. Say who imports with --as USERNAME (a PSQA officer)."
    )
    kind = "staff"
