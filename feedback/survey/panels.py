"""The survey's home-page panel for PSQA (registered in feedback/apps.py)."""

from django.db.models import Count, Q
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people.models import User

from ..models import CallOutcome, RoundStatus
from . import access, selectors


def psqa_home(user: User) -> dict | None:
    """Open rounds with the families still to call, and closed rounds whose report waits."""
    if not access.can_run_survey(user):
        return None
    rounds = list(
        access.rounds_visible_to(user)
        .exclude(status=RoundStatus.PUBLISHED)
        .defer("pdf")
        .annotate(
            to_call=Count(
                "calls", filter=Q(calls__outcome__in=[CallOutcome.TO_CALL, CallOutcome.NO_ANSWER])
            )
        )
        .order_by("closes_on")
    )
    next_due = selectors.next_round_due()
    due_soon = next_due is not None and next_due <= workdays.add_months(timezone.localdate(), 2)
    if not rounds and not due_soon and next_due is not None:
        return None
    return {
        "survey_rounds": rounds,
        "survey_next_due": next_due,
        "survey_never": next_due is None,
        "survey_overdue": next_due is not None and next_due < timezone.localdate(),
    }
