"""Every write of the dashboard: a measure recorded on the child's page. (The measures' import is
`sos/importing.py`, run by the one import framework; the monthly report is `sos/reports.py`.)"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa.people.models import Child, User

from . import access, figures
from .models import Measure, MeasureCompletion, Source


def measure_record(
    *, actor: User, child: Child, measure: str, completed_on: date
) -> MeasureCompletion:
    """A practitioner (or their manager) records a measure done on the child's page."""
    access.can_record_measure.require(actor, child)
    problems = {}
    if measure not in Measure.values:
        problems["measure"] = "Select the measure that was completed"
    if completed_on > timezone.localdate():
        problems["completed_on"] = "The date completed must be today or in the past"
    elif completed_on < child.referral_date:
        problems["completed_on"] = (
            f"The date completed must be on or after the referral date "
            f"({child.referral_date:%-d %B %Y})"
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        completion, created = MeasureCompletion.objects.get_or_create(
            child=child,
            measure=measure,
            completed_on=completed_on,
            defaults={"source": Source.ENTERED, "recorded_by": actor},
        )
        if not created:
            raise ValidationError(
                {
                    "completed_on": f"{completion.get_measure_display()} is already recorded on this date"
                }
            )
        figures.refresh_current([child.team_id])
    return completion
