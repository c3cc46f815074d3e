"""Charts drawn on the server as SVG with matplotlib: the same picture wherever it is shown,
no chart library in the browser. Every chart is shown with its figures as a table beside it
(the table is what a screen reader reads); the picture's alternative text says so.
"""

import io

import matplotlib

matplotlib.use("Agg")  # no screen: draw to files only

from matplotlib import pyplot  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

# GOV.UK colours: blue bars, and one colour per marked value.
BAR = "#1d70b8"
MARKERS = ("#d4351c", "#00703c", "#f47738", "#4c2c92")
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
        for (label, value), colour in zip(markers, MARKERS, strict=False):
            axes.axvline(value, color=colour, linestyle="--", linewidth=1.5, label=label)
        if markers:
            axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
