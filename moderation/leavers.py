"""Moderations still with a member of staff switched off by the staff import: listed on the
import's page for PSQA to reallocate (bexley_qa/people/staff_import.py)."""

from bexley_qa import importing

from .models import Moderation
from .workflow import ModerationStatus


def list_open_work(run) -> None:
    lines = []
    for person in importing.switched_off(run):
        moderations = Moderation.objects.filter(
            moderator=person, status=ModerationStatus.ALLOCATED
        ).select_related("audit")
        if references := [m.audit.reference for m in moderations.order_by("pk")]:
            lines.append(
                f"{person} ({person.staff_id}) moderates {', '.join(references)}: allocate "
                "another moderator from the moderation sample"
            )
    importing.to_reallocate(run, lines)
