from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bexley_qa.people import demo_files
from bexley_qa.people.models import User


class Command(BaseCommand):
    help = (
        "Write the seeded demo's staff file and DfE payload files into a folder: staff.csv, "
        "payloads/cohort.json (every open child) and payloads/changes.jsonl (the next night's "
        "partial payloads: a new worker, a closure, a withdrawn record). seed_demo writes them "
        "into demo/."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        if not User.objects.exclude(staff_id="").exists():
            raise CommandError("Seed the demo first (manage.py seed_demo): no one has a Staff ID")
        staff, children = demo_files.write(folder)
        self.stdout.write(f"Wrote {staff} staff and {children} children's payloads to {folder}")
