"""Propose a month's moderation sample now (the schedule does it on the month's first working day)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from bexley_qa import workdays
from moderation import sampling, services


class Command(BaseCommand):
    help = (
        "Propose the moderation sample for a month (default: this month) from the audits completed "
        "in the six months before, and print it. A month already proposed is printed, not drawn again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the draw without saving anything"
        )

    def handle(self, *args, month=None, dry_run=False, **options):
        if month:
            try:
                month = datetime.strptime(month, "%Y-%m").date()
            except ValueError:
                raise CommandError("Give the month as YYYY-MM, for example 2026-11") from None
        else:
            month = workdays.this_month()
        if dry_run:
            seed = sampling.new_seed()
            picks = sampling.draw(month, seed)
            self.stdout.write(f"Dry run for {month:%B %Y} (seed {seed}): {len(picks)} audits")
            for pick in picks:
                self._line(pick.audit, pick.reason)
            return
        sample, created = services.sample_propose(month=month)
        verb = "Proposed" if created else "Already proposed"
        moderations = sample.moderations.select_related("audit__child", "audit__team")
        self.stdout.write(f"{verb}: {sample} (seed {sample.seed}): {moderations.count()} audits")
        for moderation in moderations:
            self._line(moderation.audit, moderation.reason)

    def _line(self, audit, reason):
        self.stdout.write(
            f"  audit {audit.pk} case {audit.child.case_id} {audit.team.name}: {reason}"
        )
