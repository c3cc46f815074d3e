"""What the two case system import commands share (`import_children`, `import_sos_measures`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bexley_qa.importing import ImportFileError, ImportRefused

from ... import services
from ...models import ImportRun


class ExportImportCommand(BaseCommand):
    kind: str  # ImportKind

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file; import nothing."
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            content = file.read_bytes()
            rows = services.READERS[self.kind](file.name, content, large=True)
        except FileNotFoundError:
            raise CommandError(f"There is no file {file}") from None
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if dry_run:
            checked = services.CHECKERS[self.kind](rows)
        else:
            try:
                run = services.IMPORTERS[self.kind](
                    actor=None, rows=rows, name=file.name, sha256=services.digest(content),
                    via=ImportRun.Via.COMMAND,
                )  # fmt: skip
            except ImportRefused as refused:
                checked = refused.checked
            else:
                self.stdout.write(self.style.SUCCESS(f"Imported {file.name}: {run.summary_text}."))
                return
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(checked.problems)} problem(s) found: nothing was imported")
        for row in checked.rows:
            self.stdout.write(f"Row {row.number}: {self.describe(row)}")
        self.stdout.write(
            self.style.SUCCESS(f"All {len(rows)} rows are correct. Nothing was imported (dry run).")
        )

    def describe(self, row) -> str:
        raise NotImplementedError
