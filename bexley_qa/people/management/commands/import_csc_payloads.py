from pathlib import Path

from django.core.management.base import CommandError

from bexley_qa.imports.command import ImportCommand
from bexley_qa.people.csc import PayloadReader


class Command(ImportCommand):
    help = (
        "Import children from DfE Children's Social Care payloads: a .json file holding an array "
        "of them, a .jsonl file of one a line, or a folder of such files (each imported on its "
        "own, in name order). Every payload is checked; if any is wrong nothing of that file is "
        "imported and the command exits 1, listing each problem by the payload's index and where "
        "in it. Says what changed."
    )
    kind = "csc-payloads"

    def handle(self, *args, file: Path, **options):
        if not file.is_dir():
            super().handle(*args, file=file, **options)
            return
        files = sorted(
            p for p in file.iterdir() if p.is_file() and p.suffix.lower() in PayloadReader.suffixes
        )
        if not files:
            raise CommandError(f"There is no .json or .jsonl file in {file}")
        refused = []
        for each in files:
            try:
                super().handle(*args, file=each, **options)
            except CommandError as error:
                self.stderr.write(f"{each.name}: {error}")
                refused.append(each.name)
        if refused:
            raise CommandError(
                f"{len(refused)} of {len(files)} files refused: {', '.join(refused)}"
            )
