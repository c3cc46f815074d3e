"""The survey's home-page panel for PSQA (registered in feedback/apps.py)."""

from django.db.models import Count, Q

from bexley_qa.people.models import User

from ..models import CallOutcome, RoundStatus
from . import access


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
    return {"survey_rounds": rounds} if rounds else None
