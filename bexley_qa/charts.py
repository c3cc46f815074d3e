"""Charts drawn on the server as SVG with matplotlib: the same picture wherever it is shown,
no chart library in the browser. Every chart is shown with its figures as a table beside it
(the table is what a screen reader reads); the picture's alternative text says so.
"""

import hashlib
import io
import textwrap
from xml.sax.saxutils import escape

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")  # no screen: draw to files only

from matplotlib import pyplot  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# GOV.UK colours: blue bars; marked values in dark colours each with its own line style, so
# they differ by more than colour (the audit's two practitioners are black dashes and purple dots).
BAR = "#1d70b8"
INK = "#0b0c0c"
MARKERS = ((INK, "--"), ("#4c2c92", ":"), ("#912b88", "-."), ("#505a5f", (0, (5, 1, 1, 1))))
SERIES = (BAR, INK, "#f47738", "#4c2c92", "#28a197")
SERIES_HATCHES = ("", "///", "...", "xx", "\\\\")
SERIES_MARKERS = ("o", "s", "^", "D", "v")

# GOV.UK Frontend's tags (text, background), as govuk-frontend.min.css has them: a chart of
# grade bands fills each band as its tag does, edged and patterned in the tag's text colour.
TAG_COLOURS = {
    "red": ("#2a0b06", "#f4cdc6"),
    "yellow": ("#594d00", "#fff7bf"),
    "green": ("#005a30", "#cce2d8"),
    "purple": ("#491644", "#efdfed"),
    "blue": ("#0c2d4a", "#bbd4ea"),
    "grey": ("#282d30", "#e5e6e7"),
}
DRAWING = 2  # raised when the drawing changes, so no chart drawn the old way is shown again
SETTINGS = {
    "font.family": "sans-serif",
    "font.sans-serif": ["Liberation Sans", "Arial", "DejaVu Sans"],
    "font.size": 10,
    "svg.fonttype": "none",  # text stays text: selectable, and small
    "svg.hashsalt": "bexley-qa",  # the same chart gives the same file
}


def horizontal_bars_svg(
    labels: list[str],
    values: list[float | None],
    *,
    maximum: float,
    axis_label: str,
    markers: list[tuple[str, float]] = (),
    step: int = 1,
    title: str = "",
) -> str:
    """Bars for labelled values 0..maximum (None: no bar), with vertical lines for `markers`
    (a label and a value each, shown in the legend). Returns the SVG document."""
    with pyplot.rc_context(SETTINGS):
        figure = Figure(figsize=(6.5, 0.3 * len(labels) + 1.2))
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        axes.barh(positions, [v or 0 for v in values], color=BAR, height=0.6)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()  # the first label at the top, as in the table
        axes.set_xlim(0, maximum)
        axes.set_xticks(range(0, int(maximum) + 1, step))
        axes.set_xlabel(axis_label)
        for (label, value), (colour, style) in zip(markers, MARKERS, strict=False):
            axes.axvline(value, color=colour, linestyle=style, linewidth=2, label=label)
        if markers:
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        return _svg(figure, title)  # inside the settings: text stays text


def small_multiples_svg(
    titles: list[str],
    x_labels: list[str],
    series: list[list[float | None]],
    *,
    maximum: float,
    axis_label: str,
    title: str = "",
    columns: int = 4,
) -> str:
    """One small bar chart per title (series[i] over x_labels, None: no bar), on the same scale,
    so no colour is needed to tell them apart. Returns the SVG document."""
    rows = -(-len(titles) // columns)
    with pyplot.rc_context(SETTINGS | {"font.size": 8}):
        figure = Figure(figsize=(9, 2.1 * rows + 0.4))
        grid = figure.subplots(rows, columns, sharey=True, squeeze=False)
        positions = list(range(len(x_labels)))
        for index, axes in enumerate(grid.flat):
            if index >= len(titles):
                axes.set_visible(False)
                continue
            values = series[index]
            axes.bar(positions, [v or 0 for v in values], color=BAR, width=0.7)
            axes.set_title(titles[index], fontsize=9, loc="left")
            axes.set_ylim(0, maximum)
            axes.set_xticks(positions, x_labels, rotation=90)
            axes.grid(axis="y", color="#b1b4b6", linewidth=0.5)
            axes.set_axisbelow(True)
            axes.spines[["top", "right"]].set_visible(False)
            if index % columns == 0:
                axes.set_ylabel(axis_label)
        # Fixed margins (in inches, as fractions of the figure): measuring every label to lay
        # the panels out (tight_layout) took a third of the drawing's time.
        height = figure.get_figheight()
        figure.subplots_adjust(
            left=0.08, right=0.99, top=1 - 0.3 / height, bottom=0.6 / height,
            wspace=0.12, hspace=0.95 / (height / rows - 0.95),
        )  # fmt: skip
        return _svg(figure, title)  # inside the settings: text stays text


def columns_svg(
    x_labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    axis_label: str,
    maximum: float | None = None,
    stacked: bool = False,
    lines: bool = False,
    tags: list[str] = (),
    title: str = "",
) -> str:
    """Values over x_labels (months, teams) for each named series: side-by-side or stacked
    columns, or lines (None: no value). `tags`: each series drawn as its GOV.UK tag (grade
    bands). Columns have a pattern each and lines a marker each, so colour is never the only
    difference; counts (no `maximum`) have whole-number axes. Returns the SVG document."""
    from matplotlib.ticker import MaxNLocator

    with pyplot.rc_context(SETTINGS | {"hatch.linewidth": 0.8}):
        figure = Figure(figsize=(8, 3.6))
        axes = figure.add_subplot()
        positions = list(range(len(x_labels)))
        width = 0.8 if stacked or len(series) == 1 else 0.8 / len(series)
        bottoms = [0.0] * len(x_labels)
        for index, (label, values) in enumerate(series):
            if tags:
                edge, fill = TAG_COLOURS[tags[index]]
            else:
                edge, fill = INK, SERIES[index % len(SERIES)]
            hatch = SERIES_HATCHES[index % len(SERIES_HATCHES)] if len(series) > 1 else ""
            if lines:
                axes.plot(positions, [float("nan") if v is None else v for v in values],
                          color=SERIES[index % len(SERIES)], linewidth=2,
                          marker=SERIES_MARKERS[index % len(SERIES_MARKERS)], markersize=5,
                          label=label)  # fmt: skip
                continue
            numbers = [v or 0 for v in values]
            style = {"color": fill, "edgecolor": edge, "linewidth": 0.6, "hatch": hatch}
            if stacked:
                axes.bar(positions, numbers, width, bottom=bottoms, label=label, **style)
                bottoms = [b + n for b, n in zip(bottoms, numbers, strict=True)]
            else:
                offset = (index - (len(series) - 1) / 2) * width
                axes.bar([p + offset for p in positions], numbers, width, label=label, **style)
        step = max(1, len(x_labels) // 24)  # at most about 24 labels under the axis
        if len(x_labels) > 6:
            axes.set_xticks(positions[::step], x_labels[::step], rotation=90)
        else:  # a few long names (services, teams): wrapped under their columns
            axes.set_xticks(positions, [textwrap.fill(label, 18) for label in x_labels])
        if maximum is not None:
            axes.set_ylim(0, maximum)
        else:  # a count: never 0.25 of an audit
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(axis_label)
        axes.grid(axis="y", color="#b1b4b6", linewidth=0.5)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        if len(series) > 1:
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=min(4, len(series)),
                        frameon=False, handlelength=2.5, handleheight=1.2)  # fmt: skip
        figure.tight_layout()
        return _svg(figure, title)  # inside the settings: text stays text


def _svg(figure: Figure, title: str) -> str:
    """The figure as an SVG document, with `title` as its <title> (its accessible name). Called
    within SETTINGS, which keep text as text (not glyph outlines) and the file the same each time."""
    out = io.StringIO()
    # "tight": the drawing grows to hold everything (a legend above the axes is never clipped).
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.1)
    svg = out.getvalue()
    if title:
        start = svg.index(">", svg.index("<svg")) + 1
        svg = f"{svg[:start]}\n <title>{escape(title)}</title>{svg[start:]}"
    return svg


def cached(draw, *args, **kwargs) -> str:
    """`draw(*args, **kwargs)`, kept in the cache for a day under a hash of what it draws: the
    same figures give the same picture, so a page shown again does not draw it again."""
    key = (
        f"chart:{DRAWING}:"
        + hashlib.sha256(repr((draw.__name__, args, sorted(kwargs.items()))).encode()).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = draw(*args, **kwargs)
        cache.set(key, svg, 60 * 60 * 24)
    return svg


def data_uri(svg: str) -> str:
    """An SVG as a data: URI for <img src>, the same in a page and in a PDF."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
