"""Charts agree with the tags beside them and never rely on colour alone."""

import re
from pathlib import Path

from django.conf import settings

from audits.models import GRADE_BANDS
from bexley_qa import charts
from reporting.analytics.figure import BANDS


def test_the_tag_colours_are_govuk_frontends_own():
    css = (Path(settings.BASE_DIR) / "static/govuk-frontend/govuk-frontend.min.css").read_text()
    for name, (text, background) in charts.TAG_COLOURS.items():
        rule = re.search(rf"\.govuk-tag--{name}\{{color:(#\w+);background-color:(#\w+)\}}", css)
        assert rule and rule.groups() == (text, background), name


def _fills(svg: str) -> list[str]:
    return re.findall(r'fill(?:: |=")(#[0-9a-f]{6})', svg)


def test_grade_bands_are_drawn_in_their_tags_colours_with_a_pattern_each():
    svg = charts.columns_svg(
        ["Jan 26", "Feb 26", "Mar 26"],
        [(b.label, [1, 2, 1]) for b in BANDS],
        axis_label="Audits",
        stacked=True,
        tags=[GRADE_BANDS[b].tag_colour for b in BANDS],
    )
    fills = _fills(svg)
    inadequate, improvement = charts.TAG_COLOURS["red"], charts.TAG_COLOURS["yellow"]
    assert inadequate[1] in fills and improvement[1] in fills
    assert charts.BAR not in fills  # no band is blue
    assert len(set(re.findall(r'<pattern id="(\w+)"', svg))) >= 3  # hatched, not colour alone
    for band in BANDS:  # the legend is drawn whole, inside the picture
        assert band.label in svg


def test_a_count_axis_has_whole_numbers_only():
    svg = charts.columns_svg(["Jan 26", "Feb 26"], [("Completed", [1, 0])], axis_label="Audits")
    ticks = re.findall(r'<g id="ytick_\d+">.*?<text [^>]*>([^<]+)</text>', svg, re.S)
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_the_practitioners_lines_differ_in_style_not_only_colour():
    svg = charts.horizontal_bars_svg(
        ["1. Area", "2. Area"], [5, 6], maximum=10, axis_label="Score",
        markers=[("Practitioner A", 4), ("Practitioner B", 7)],
    )  # fmt: skip
    dashes = set(re.findall(r"stroke-dasharray: ([0-9., ]+)", svg))
    assert len(dashes) >= 2
