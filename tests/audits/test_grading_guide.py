"""audits.grading_guide is the framework's "From Inadequate to Good" tables, word for word.

The seed is a text extraction of the framework's PDF. Its section keeps each table box's words
together, box after box, area by area, with each table's heading ("Good looks like...") after the
table. So the check is strict: after undoing only the PDF's line breaks, every statement must occur
in the section as it stands, and the intro, the area names, the statements and the headings, joined
in order, must reproduce the whole section: no word changed, dropped, added or moved.
"""

import re

import pytest

from audits.grading_guide import AREAS, BANDS, INTRO

from ..helpers import FRAMEWORK

SEED = FRAMEWORK

# The seed's own heading for each band's table (it follows the table in the extraction).
HEADINGS = {
    "Good": "Good looks like...",
    "Requires Improvement": "Requires Improvement look like…",
    "Inadequate": "Inadequate look like…",
}

# Words the framework hyphenates itself, which the PDF happened to break at that hyphen
# ("regarding multi-" / "agency"); any other hyphen at a line's end is the PDF's hyphenation.
COMPOUND_PREFIXES = {"multi"}


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return " ".join(text.split())


def unbreak(section: str) -> str:
    """Undo the PDF's line breaks: hyphenation at a line's end ("iden-" / "tify") is joined, a
    line ending in a slash with no space after it ("parents/" / "carers") runs on, and all other
    whitespace is collapsed. (The extraction marks real spaces at line ends with a trailing space,
    so "child/ " / "YP" stays "child/ YP".) The seed uses curly quotes throughout, so quotes are
    left as they are."""

    def hyphen(match: re.Match) -> str:
        word = match.group(1)
        return f"{word}-" if word.lower() in COMPOUND_PREFIXES else word

    section = re.sub(r"([A-Za-z]+)-\n(?=[a-z])", hyphen, section)
    section = re.sub(r"/\n(?=\S)", "/", section)
    return normalise(section)


def seed_section() -> str:
    """The seed's "From Inadequate to Good", from its title to the last table's heading."""
    text = SEED.read_text(encoding="utf-8")
    start = re.search(r"^From Inadequate to Good\n\s*The tables below", text, re.M)
    assert start, "the section's title is not in the seed"
    heading = HEADINGS["Inadequate"]
    end = text.index(heading, start.start()) + len(heading)
    return unbreak(text[start.start() : end])


def verbatim_problems(intro, areas, section: str) -> list[str]:
    """What does not match the seed: statements that are not in it as they stand, and (as that
    alone would let a word be dropped or added at a statement's edge) any difference between the
    section and everything in the guide joined in the seed's order."""
    problems = []
    for band in BANDS:
        for area, cells in areas:
            for statement in cells[band]:
                if f" {normalise(statement)} " not in f" {section} ":
                    problems.append(f"{band} / {area}: not in the seed: {statement!r}")
    words = ["From Inadequate to Good", intro]
    for band in BANDS:
        for area, cells in areas:
            words += [area, *cells[band]]
        words.append(HEADINGS[band])
    rebuilt = normalise(" ".join(words))
    if rebuilt != section:
        at = next(
            (i for i, (a, b) in enumerate(zip(rebuilt, section, strict=False)) if a != b),
            min(len(rebuilt), len(section)),
        )
        problems.append(
            f"differs from the seed at {at}: {rebuilt[at - 40 : at + 40]!r} "
            f"vs {section[at - 40 : at + 40]!r}"
        )
    return problems


def test_six_areas_each_with_all_three_bands():
    assert BANDS == ("Good", "Requires Improvement", "Inadequate")
    assert [area for area, _ in AREAS] == [
        "Contact / Referral",
        "Basic Information",
        "Assessment",
        "Planning",
        "Review",
        "Management Oversight",
    ]
    for area, cells in AREAS:
        assert set(cells) == set(BANDS), area
        for band in BANDS:
            assert cells[band], (area, band)
            assert isinstance(cells[band], tuple), (area, band)
            for statement in cells[band]:
                assert statement == normalise(statement) != "", (area, band, statement)


def test_intro_and_every_statement_are_the_seeds_own_words():
    section = seed_section()
    assert normalise(INTRO) in section
    assert verbatim_problems(INTRO, AREAS, section) == []


@pytest.mark.parametrize(
    "alter",
    [
        pytest.param(lambda s: s.replace("clear", "full", 1), id="changed word"),
        pytest.param(lambda s: s.removesuffix(" social care."), id="dropped words at the end"),
        pytest.param(lambda s: s.replace("showed ", "", 1), id="dropped word"),
        pytest.param(lambda s: s + " Contact", id="added word"),
        pytest.param(lambda s: s.replace(".", "", 1), id="dropped full stop"),
    ],
)
def test_an_altered_statement_fails_the_check(alter):
    section = seed_section()
    (area, cells), *rest = AREAS
    first, *others = cells["Good"]
    assert first == (
        "Contact / Referral showed clear understanding of when appropriate to refer to social care."
    )
    altered = alter(first)
    assert altered != first
    areas = ((area, {**cells, "Good": (altered, *others)}), *rest)
    assert verbatim_problems(INTRO, areas, section)


def test_swapped_statements_fail_the_check():
    section = seed_section()
    (area, cells), *rest = AREAS
    first, second, *others = cells["Inadequate"]
    areas = ((area, {**cells, "Inadequate": (second, first, *others)}), *rest)
    assert verbatim_problems(INTRO, areas, section)
