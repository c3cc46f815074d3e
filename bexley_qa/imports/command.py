"""What every import's management command shares (`import_allocations`, `import_children`,
`import_sos_measures`): read the file, check every row, import them all or none, say why not."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bexley_qa.importing import ImportFileError, import_of
from bexley_qa.people.models import User

from . import services
from .models import ImportRun
from .workflow import RunStatus


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
            help="The account the import is recorded against (someone who may run this import).",
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
            opened = file.open("rb")
        except (FileNotFoundError, IsADirectoryError):
            raise CommandError(f"There is no file {file}") from None
        with opened:
            if dry_run:
                self._dry_run(declared, file.name, opened)
                return
            run = services.import_file(
                declared, name=file.name, file=opened, via=ImportRun.Via.COMMAND, actor=actor
            )
        if run.status == RunStatus.IMPORTED:
            self.stdout.write(self.style.SUCCESS(f"Imported {file.name}: {run.summary_text()}."))
            return
        if not run.rows:  # the file as a whole could not be read
            raise CommandError(run.problems[0])
        self._refuse(run.problems, run.problem_count)

    def _dry_run(self, declared, name: str, opened) -> None:
        described: list[str] = []
        try:
            found = services.check_file(
                declared, name=name, file=opened,
                each=lambda row: described.append(
                    f"{declared.row_name.format(row.number)}: {declared.describe(row)}"
                ),
            )  # fmt: skip
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        if found.problem_count:
            self._refuse(found.problems, found.problem_count)
        for line in described:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"All {found.rows:,} {'rows' if declared.reader is None else declared.what} are "
                "correct. Nothing was imported (dry run)."
            )
        )

    def _refuse(self, problems: list, count: int) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        if count > len(problems):
            self.stderr.write(f"... and {count - len(problems):,} more")
        raise CommandError(f"{count} problem(s) found: nothing was imported")
