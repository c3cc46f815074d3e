"""What a member of staff switched off by the staff import still has open in the audits: listed
on the import's page for PSQA to reallocate (bexley_qa/people/staff_import.py)."""

from django.db.models import Q

from bexley_qa import importing
from bexley_qa.people.models import Child

from .models import Action, ActionStatus, Audit
from .workflow import OPEN


def list_open_work(run) -> None:
    lines = []
    for person in importing.switched_off(run):
        who = f"{person} ({person.staff_id})"
        audits = Audit.objects.filter(status__in=OPEN)
        auditing = [a.reference for a in audits.filter(auditor=person).order_by("pk")]
        if auditing:
            lines.append(f"{who} audits {', '.join(auditing)}: reallocate to another auditor")
        practising = [
            a.reference
            for a in audits.filter(Q(practitioner=person) | Q(staying_together_worker=person))
        ]
        if practising:
            lines.append(f"{who} is the practitioner on open audits {', '.join(practising)}")
        actions = Action.objects.filter(owner=person, status=ActionStatus.OPEN)
        if count := actions.count():
            lines.append(f"{who} owns {count} open action{'s' if count > 1 else ''}")
        cases = Child.objects.filter(allocated_worker=person, is_open=True)
        if count := cases.count():
            lines.append(
                f"{who} holds {count} open case{'s' if count > 1 else ''}: the case system's next "
                "children export gives them a new worker"
            )
    importing.to_reallocate(run, lines)
