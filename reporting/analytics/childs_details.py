"""Themes understood through the child's details (the form's guidance: personal details "enable
themes to be better understood"): the final grades of the audits completed, by the child's age
band at the audit, gender, ethnicity and first language, as recorded in Section 1.

Small numbers could identify a child, so every count from 1 to 4 is shown as "fewer than 5"
(SUPPRESSED); where a row has only one such cell, the next smallest is hidden too, so no hidden
count can be worked out from the row's total; a row of fewer than 5 graded audits shows nothing
but that; and the share Good or better is given only when none of the counts it is made from is
hidden. The page says the rule (SUPPRESSION_RULE). No cell links down to the audits."""

from django.db.models import Case, CharField, Count, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower, Trim

from audits.models import Band
from bexley_qa.people.models import Ethnicity, Gender

from .figure import BAND_COUNTS, BANDS, Figure, Scope, percent

SMALL = 5
OTHER_LANGUAGES = "\x00other"  # the key of the languages each with fewer than 5
SUPPRESSED = "fewer than 5"
HIDDEN = "hidden"  # a count of 5 or more hidden so a small one beside it cannot be worked out
SUPPRESSION_RULE = (
    "To protect children's privacy, any count from 1 to 4 is shown as “fewer than 5”; where that "
    "would let it be worked out from a row's total, the next smallest count is shown as "
    "“hidden”; a group with fewer than 5 graded audits shows nothing else, and where it is the "
    "only one, the next smallest group is hidden too; the share Good or better is shown only "
    "when none of the counts behind it is hidden; and nothing is shown for fewer than 20 graded "
    "audits."
)
HEADERS = [b.label for b in BANDS] + ["Graded", "Good or better (%)"]

# The age bands the DfE's children in need census uses, and 18 and over for care leavers.
AGE_BANDS = [
    ("Under 1", 0, 0),
    ("1 to 4", 1, 4),
    ("5 to 9", 5, 9),
    ("10 to 15", 10, 15),
    ("16 to 17", 16, 17),
    ("18 and over", 18, 200),
]
_AGE = RawSQL(
    "date_part('year', age((audits_audit.completed_at AT TIME ZONE %s)::date, "
    "audits_audit.date_of_birth))",
    ("Europe/London",),
    output_field=IntegerField(),
)


def suppressed_row(label: str, counts: dict) -> list:
    """One group's row, its small numbers hidden by the rule."""
    values = [counts.get(b, 0) or 0 for b in BANDS]
    graded = sum(values)
    if graded == 0:
        return [label, *values, 0, "–"]
    if graded < SMALL:  # the group's size is "fewer than 5"; its bands say nothing more
        return [label, *([HIDDEN] * len(BANDS)), SUPPRESSED, "–"]
    small = {i for i, n in enumerate(values) if 0 < n < SMALL}
    also = set()
    if len(small) == 1:  # one hidden cell would be the total less the others: hide another
        others = [i for i in range(len(values)) if i not in small and values[i] > 0]
        if others:
            also.add(min(others, key=lambda i: values[i]))
    hidden = small | also
    cells = [SUPPRESSED if i in small else HIDDEN if i in also else n for i, n in enumerate(values)]
    good = [BANDS.index(Band.GOOD), BANDS.index(Band.OUTSTANDING)]
    share = "–" if hidden & set(good) else percent(values[good[0]] + values[good[1]], graded)
    return [label, *cells, graded, share]


# Below this many graded audits in the period and filters, nothing is shown by the child's
# details: with so few, one child's age, gender, ethnicity and language read together.
MIN_GRADED = 20


def _figure(scope: Scope, slug: str, title: str, heading: str, found: dict, labels) -> Figure:
    """Every category (present or not, so a row's presence tells nothing), each row suppressed
    by the rule; where only one group is small, the next smallest group is hidden too, so the
    small one cannot be worked out from the period's totals."""
    empty = "No audit completed in this period had a final grade."
    graded = sum(sum(row.get(b, 0) or 0 for b in BANDS) for row in found.values())
    if 0 < graded < MIN_GRADED:
        return Figure(slug, title, [heading, *HEADERS], [], note=SUPPRESSION_RULE,
                      empty=f"Fewer than {MIN_GRADED} audits were graded in this period and these "
                      "filters: too few to show by the child's details without pointing to a child.")  # fmt: skip
    rows = [suppressed_row(label, found.get(key, {})) for key, label in labels]
    sizes = [sum(found.get(key, {}).get(b, 0) or 0 for b in BANDS) for key, _ in labels]
    small = [i for i, n in enumerate(sizes) if 0 < n < SMALL]
    if len(small) == 1:
        others = [i for i, n in enumerate(sizes) if n >= SMALL]
        if others:
            hide = min(others, key=lambda i: sizes[i])
            rows[hide] = [rows[hide][0], *([HIDDEN] * (len(BANDS) + 1)), "–"]
    return Figure(slug, title, [heading, *HEADERS], rows, note=SUPPRESSION_RULE, empty=empty)


def _graded(scope: Scope):
    return scope.completed().filter(final_grade__isnull=False)


def by_age(scope: Scope) -> Figure:
    band = Case(
        *[When(age__gte=lo, age__lte=hi, then=Value(label)) for label, lo, hi in AGE_BANDS],
        default=Value("Not known"),
        output_field=CharField(),
    )
    found = {
        row["age_band"]: row
        for row in _graded(scope).annotate(age=_AGE, age_band=band).values("age_band").annotate(**BAND_COUNTS).order_by()
    }  # fmt: skip
    labels = [(label, label) for label, _, _ in AGE_BANDS] + [("Not known", "Not known")]
    return _figure(
        scope, "by-age", "Final grades by the child's age at the audit", "Age", found, labels
    )


def by_gender(scope: Scope) -> Figure:
    found = {
        row["gender"]: row
        for row in _graded(scope).values("gender").annotate(**BAND_COUNTS).order_by()
    }
    return _figure(
        scope, "by-gender", "Final grades by the child's gender", "Gender", found, Gender.choices
    )


def by_ethnicity(scope: Scope) -> Figure:
    found = {
        row["ethnicity"]: row
        for row in _graded(scope).values("ethnicity").annotate(**BAND_COUNTS).order_by()
    }
    return _figure(
        scope,
        "by-ethnicity",
        "Final grades by the child's ethnicity",
        "Ethnicity",
        found,
        Ethnicity.choices,
    )


def by_first_language(scope: Scope) -> Figure:
    """First language as the auditor recorded it (free text: compared without case or spaces at
    either end). A language is named only when 5 or more graded audits have it; the others are
    counted together, so a rare language cannot point to a family."""
    rows = (
        _graded(scope)
        .annotate(language=Lower(Trim("first_language")))
        .values("language")
        .annotate(n=Count("pk"), **BAND_COUNTS)
        .order_by("-n", "language")
    )
    found: dict = {}
    for row in rows:
        key = row["language"] if row["n"] >= SMALL else OTHER_LANGUAGES
        kept = found.setdefault(key, dict.fromkeys([b.value for b in BANDS], 0))
        for band in BANDS:
            kept[band.value] += row[band.value] or 0
    labels = [(key, key.capitalize()) for key in found if key != OTHER_LANGUAGES]
    labels.append((OTHER_LANGUAGES, "Other languages (each fewer than 5)"))
    return _figure(
        scope, "by-first-language", "Final grades by the child's first language",
        "First language", found, labels,
    )  # fmt: skip


FIGURES = [by_age, by_gender, by_ethnicity, by_first_language]
