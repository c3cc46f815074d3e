"""Who runs the parent/carer survey and who reads its results (one place for these rules).

PSQA run it: they open a round, hold its call list (families' names, while the round is open)
and record each call. Managers and the readers of directorate figures (the Director, the deputy
director) read the figures of closed rounds; the families' own words (comments, the one thing
they would change, anything else) and the round's report are for PSQA and the senior leadership
team only (`lines.SURVEY_COMMENT_READERS`). The printable survey holds no one's details: every member of staff with a
caseload or a scope may print it to hand over.
"""

from django.db.models import QuerySet

from bexley_qa.people import lines
from bexley_qa.people.access import (
    children_visible_to,
    is_manager,
    is_psqa,
    reads_directorate_figures,
    rule,
)
from bexley_qa.people.models import User

from ..models import RoundStatus, SurveyCall, SurveyRound


@rule("Only PSQA run the parent/carer survey.")
def can_run_survey(user: User) -> bool:
    return is_psqa(user)


@rule("Only PSQA and managers read the parent/carer survey's results.")
def can_read_results(user: User) -> bool:
    return reads_directorate_figures(user) or is_manager(user)


@rule("Only PSQA and the senior leadership team read what families said in their own words.")
def can_read_comments(user: User) -> bool:
    return lines.holds(user, lines.SURVEY_COMMENT_READERS)


@rule()
def can_print_survey(user: User) -> bool:
    return lines.holds(user, lines.CASE_FILE)


def rounds_visible_to(user: User) -> QuerySet[SurveyRound]:
    """Every round for PSQA; closed and published rounds for the other readers of results."""
    if can_run_survey(user):
        return SurveyRound.objects.all()
    if can_read_results(user):
        return SurveyRound.objects.exclude(status=RoundStatus.OPEN)
    return SurveyRound.objects.none()


def calls_visible_to(user: User) -> QuerySet[SurveyCall]:
    """The families on open rounds' call lists, for PSQA, within the children they may see."""
    if not can_run_survey(user):
        return SurveyCall.objects.none()
    return SurveyCall.objects.filter(
        round__status=RoundStatus.OPEN, child__in=children_visible_to(user)
    )
