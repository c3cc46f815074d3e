"""The parent/carer survey's emails, queued in the outbox (templates/emails/<name>-*.html)."""

from bexley_qa.notifications.services import absolute_url, notification_queue_each
from bexley_qa.people import lines
from bexley_qa.people.models import Child, User

from .models import SurveyRound


def queue_hand_over(survey_round: SurveyRound, worker: User, children: list[Child]) -> int:
    """A worker: the families to hand the paper copy and its explanation to."""
    return notification_queue_each(
        [worker],
        template="survey-hand-over",
        context={
            "survey_round": survey_round,
            "families": ", ".join(f"{c.full_name} ({c.case_id})" for c in children),
            "count": len(children),
            "printable_url": absolute_url("survey:printable", survey_round.pk),
        },
        key=f"survey:{survey_round.pk}:hand-over",
    )


def queue_round_closed(survey_round: SurveyRound) -> int:
    """PSQA: the round has closed (its call list deleted); its report is theirs to write."""
    return notification_queue_each(
        lines.psqa_officers(),
        template="survey-round-closed",
        context={
            "survey_round": survey_round,
            "responses": survey_round.responses.count(),
            "url": absolute_url(survey_round),
        },
        key=f"survey:{survey_round.pk}:closed",
    )


def queue_round_published(survey_round: SurveyRound) -> int:
    """The readers of the families' own words: the round's report is published."""
    return notification_queue_each(
        lines.staff_in(lines.SURVEY_COMMENT_READERS),
        template="survey-round-published",
        context={
            "survey_round": survey_round,
            "url": absolute_url("survey:results", survey_round.pk),
            "pdf_url": absolute_url("survey:pdf", survey_round.pk),
        },
        key=f"survey:{survey_round.pk}:published",
    )
