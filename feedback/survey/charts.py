"""The survey's two charts (bexley_qa/charts.py): the same SVG on the results page and in the
round's report."""

from ..statements import STATEMENT_SHORT_NAMES
from . import selectors


def short(number: int) -> str:
    return f"{number}. {STATEMENT_SHORT_NAMES[number]}"


def agreement_chart(results: list[selectors.StatementResult], title: str) -> str:
    from bexley_qa.charts import cached, data_uri, horizontal_bars_svg  # matplotlib when drawn

    return data_uri(
        cached(
            horizontal_bars_svg,
            [short(r.number) for r in results],
            [r.agreement for r in results],
            maximum=100,
            step=10,
            axis_label="Agree or strongly agree (%)",
            title=f"Share who agree with each statement: {title}",
        )
    )


def comparison_chart(compared: selectors.Comparison) -> str:
    from bexley_qa.charts import cached, data_uri, small_multiples_svg

    return data_uri(
        cached(
            small_multiples_svg,
            [short(n) for n in compared.shares],
            [f"{r.opens_on:%b %Y}" for r in compared.rounds],
            list(compared.shares.values()),
            maximum=100,
            axis_label="Agree (%)",
            title="Share who agree with each statement, round by round",
        )
    )
