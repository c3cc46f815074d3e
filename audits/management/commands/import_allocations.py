from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits import importing, services
from bexley_qa.people import access
from bexley_qa.people.models import User


class Command(BaseCommand):
    help = (
        "Import audit allocations from an .xlsx or .csv spreadsheet (the same checks as the upload "
        "page). Every row is checked; if any row is wrong nothing is imported and the command "
        "exits 1, listing each problem by row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file; import nothing."
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The business support or PSQA account the allocations are recorded against "
            "(needed unless --dry-run).",
        )

    def handle(self, *args, file: Path, dry_run: bool, username: str | None, **options):
        actor = None
        if not dry_run:
            if not username:
                raise CommandError(
                    "Say who is allocating with --as USERNAME (business support or PSQA)"
                )
            actor = User.objects.filter(username=username).first()
            if actor is None or not access.can_allocate(actor):
                raise CommandError(f"{username} is not a business support or PSQA account")
        try:
            rows = importing.read(file.name, file.read_bytes())
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}") from None
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None
        try:
            checked = (
                importing.check(rows)
                if dry_run
                else services.allocations_import(actor=actor, rows=rows)
            )
        except importing.ImportRefused as refused:
            checked = refused.checked
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(checked.problems)} problem(s) found: nothing was imported")
        for row in checked.rows:
            note = f" (warning: {row.warning})" if row.warning else ""
            self.stdout.write(f"Row {row.number}: case {row.child.case_id} to {row.auditor}{note}")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"All {len(rows)} rows are correct. Nothing was imported (dry run)."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {len(checked.rows)} allocations."))
