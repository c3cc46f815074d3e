"""Template hygiene: a Django {# comment #} ends on its own line; one spread over two lines is
printed on the page as text."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_no_comment_runs_over_a_line():
    unclosed = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert unclosed == []


def test_every_table_on_a_page_scrolls_inside_a_labelled_region():
    """A wide table scrolls inside its own region (GOV.UK's advice for tables on a phone), never
    the page; the region has a name and a keyboard can reach it. PDFs and emails do not scroll.
    (The browser tests check, at 320 px, that nothing else scrolls sideways.)"""
    import re

    region = re.compile(
        r'<div class="app-table-wrapper"(?: role="region" aria-label="[^"]+(?:"[^"]*"[^"]*)*?" '
        r'tabindex="0"|\{% if not pdf %\} role="region" aria-label="[^"]+" tabindex="0"\{% endif %\})>'
    )
    bare = []
    for path in TEMPLATES.rglob("*.html"):
        name = str(path.relative_to(TEMPLATES))
        if "pdf" in name or name.startswith("emails/") or name.endswith("figure_table.html"):
            continue
        text = path.read_text()
        for table in re.finditer(r"<table\b", text):
            if not region.search(text[max(0, table.start() - 400) : table.start()]):
                bare.append(f"{name}:{text[: table.start()].count(chr(10)) + 1}")
    assert bare == []


def test_htmx_attributes_are_valid_html():
    """htmx reads data-hx-* as well as hx-*; only the first are valid HTML (the Nu checker)."""
    import re

    bare = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in re.finditer(r"\shx-[a-z-]+=", path.read_text())
    ]
    assert bare == []
