"""What every import's management command shares (`import_allocations`, `import_children`,
`import_sos_measures`): read the file, check every row, import them all or none, say why not."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bexley_qa.importing import ImportFileError, ImportRefused, import_of
from bexley_qa.people.models import User

from . import services
from .models import ImportRun


class ImportCommand(BaseCommand):
    kind: str  # the Import's kind

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file; import nothing."
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The account the import is recorded against (business support or PSQA).",
        )

    def _actor(self, declared, username: str | None, dry_run: bool) -> User | None:
        if not username:
            if declared.needs_actor and not dry_run:
                raise CommandError(
                    "Say who is importing with --as USERNAME (business support or PSQA)"
                )
            return None
        actor = User.objects.filter(username=username).first()
        if actor is None or not declared.may(actor):
            raise CommandError(f"{username} may not run this import: {declared.may.refusal}")
        return actor

    def handle(self, *args, file: Path, dry_run: bool, username: str | None, **options):
        declared = import_of(self.kind)
        actor = self._actor(declared, username, dry_run)
        try:
            content = file.read_bytes()
            rows = declared.read(file.name, content, large=True)
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}") from None
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if dry_run:
            checked = declared.check(rows)
        else:
            try:
                run = services.import_rows(
                    declared, actor=actor, rows=rows, name=file.name,
                    sha256=services.digest(content), via=ImportRun.Via.COMMAND,
                )  # fmt: skip
            except ImportRefused as refused:
                checked = refused.checked
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"Imported {file.name}: {run.summary_text()}.")
                )
                return
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(checked.problems)} problem(s) found: nothing was imported")
        for row in checked.rows:
            self.stdout.write(f"Row {row.number}: {declared.describe(row)}")
        self.stdout.write(
            self.style.SUCCESS(f"All {len(rows)} rows are correct. Nothing was imported (dry run).")
        )
