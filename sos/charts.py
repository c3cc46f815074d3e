"""The dashboard's two charts, drawn on the server (bexley_qa/charts.py): the same SVG in the page
and in the monthly report's PDF, each titled for its scope."""

from . import selectors

MONTHS_SHOWN = 12  # the months of the month-by-month chart, this one the last


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


def draw_team_charts() -> int:
    """Each team's two charts as its dashboard page draws them (every plan type, this month),
    drawn now and kept in the cache (`cached`, for a day), so a manager's first look in the
    morning does not wait for matplotlib (a second or so for a team's two charts). The page
    draws them itself if anything it shows has changed since. Returns the teams drawn."""
    from bexley_qa import workdays
    from bexley_qa.people.models import Child, Team

    months = workdays.months_back(workdays.this_month(), MONTHS_SHOWN)
    teams = 0
    for team in Team.objects.order_by("pk"):
        now_chart(selectors.grid_shares(selectors.grid(Child.objects.filter(team=team))), team.name)
        monthly_chart(selectors.month_by_month(team_ids=[team.pk], months=months), team.name)
        teams += 1
    return teams
