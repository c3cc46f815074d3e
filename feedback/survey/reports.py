"""The survey's PDFs: the printable survey with its explanation (handed over by the worker), and
a round's report (made once when it is published, kept unchanged)."""

from django.db.models import Q
from django.utils import timezone

from .. import statements as form_text
from ..models import RoundStatus, SurveyRound
from . import charts, selectors


def report_context(survey_round, visible) -> dict:
    """What the results page and the report show (visible: the rounds the reader may see)."""
    results = selectors.statement_results(survey_round)
    services, overall = selectors.response_rates(survey_round)
    compared = selectors.comparison(survey_round, visible)
    previous = selectors.previous_round(survey_round, visible)
    before = _previous_shares(compared, previous)
    return {
        "survey_round": survey_round,
        "results": results,
        "ratings": [label for _, label in selectors.SurveyRating.choices],
        "services": services,
        "overall": overall,
        "agreement_chart": charts.agreement_chart(results, survey_round.name),
        "compared": compared,
        "comparison_rows": [
            (number, list(zip(compared.rounds, shares, strict=True)))
            for number, shares in compared.shares.items()
        ],
        "comparison_chart": charts.comparison_chart(compared) if len(compared.rounds) > 1 else "",
        "previous": previous,
        "statement_rows": [
            (result, _change(result.agreement, before.get(result.number))) for result in results
        ],
    }


def _change(now: int | None, before: int | None) -> int | None:
    return None if now is None or before is None else now - before


def _previous_shares(compared: selectors.Comparison, previous) -> dict[int, int | None]:
    """Each statement's agreement in the previous round, for the change beside it."""
    if previous is None or previous not in compared.rounds:
        return {}
    index = compared.rounds.index(previous)
    return {number: shares[index] for number, shares in compared.shares.items()}


def report_pdf(survey_round) -> bytes:
    from bexley_qa.pdf import render_pdf  # WeasyPrint loads only when a PDF is made

    # The report goes to the senior managers: it compares the closed rounds they all see.
    visible = SurveyRound.objects.filter(Q(pk=survey_round.pk) | ~Q(status=RoundStatus.OPEN))
    return render_pdf(
        "feedback/survey/report_pdf.html",
        report_context(survey_round, visible)
        | {"comments": selectors.comments(survey_round), "produced_at": timezone.now()},
    )


def printable_pdf(survey_round) -> bytes:
    from bexley_qa.pdf import render_pdf

    return render_pdf(
        "feedback/survey/printable_pdf.html",
        {
            "survey_round": survey_round,
            "statements": list(enumerate(survey_round.statements, start=1)),
            "ratings": [label for _, label in selectors.SurveyRating.choices],
            "one_thing": form_text.ONE_THING,
            "anything_else": form_text.ANYTHING_ELSE,
        },
    )
