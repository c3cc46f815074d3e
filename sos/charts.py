"""The dashboard's two charts, drawn on the server (bexley_qa/charts.py): the same SVG in the page
and in the monthly report's PDF, each titled for its scope."""

from . import selectors


def now_chart(shares: selectors.Shares, scope: str) -> str:
    from bexley_qa.charts import cached, data_uri, horizontal_bars_svg  # matplotlib when drawn

    return data_uri(
        cached(
            horizontal_bars_svg,
            [label for _, label, _ in selectors.HEADINGS],
            shares.percents,
            maximum=100,
            step=10,
            axis_label="Children with the measure done (%)",
            title=f"Share of children with each measure done: {scope}",
        )
    )


def monthly_chart(monthly: list, scope: str) -> str:
    from bexley_qa.charts import cached, data_uri, small_multiples_svg  # matplotlib when drawn

    return data_uri(
        cached(
            small_multiples_svg,
            [label for _, label, _ in selectors.HEADINGS],
            [f"{month:%b %y}" for month, _ in monthly],
            [[shares.percent(code) for _, shares in monthly] for code in selectors.MEASURES],
            maximum=100,
            axis_label="Done (%)",
            title=f"Share of children with each measure done, month by month: {scope}",
        )
    )
