"""A published QA report's highlights for stakeholders: de-identified (the framework: "The
highlights and overall themes will be shared with key stakeholders e.g. Bexley Safeguarding
Partnership for Children and Young People, Councillors and the Chief Executive").

- The figures: the report's key figures, with every count from 1 to 4 shown as "fewer than 5"
  (the same rule as the audit results through the child's details).
- The summary PSQA write, which is refused while it holds anything that could identify a family or
  a member of staff: a name of a child or of anyone on the staff list, a case ID, a date, or an
  audit reference (`identifying`).
- PSQA release it: its PDF is drawn once and kept; it cannot be changed after."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from bexley_qa.people.models import Child, User

from ..analytics.childs_details import HIDDEN, SMALL, SUPPRESSED
from ..models import Highlights, QAReport
from . import access, content

MONTHS = (
    "jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    "oct(ober)?|nov(ember)?|dec(ember)?"
)
DATE = re.compile(
    rf"\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}\b"  # 8/2/2016, 2016/02/08, 2016-02-08
    rf"|\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?({MONTHS})\b"  # 8 Feb, 8th of February
    rf"|\b({MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?\b",  # February 8, Feb 8th
    re.IGNORECASE,
)
AUDIT = re.compile(r"\b(AUD-?\s*\d+|audit\s+(no\.?\s*|number\s+)?\d+)\b", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _digits_joined(text: str) -> str:
    """Digits run together across spaces, commas, dots and hyphens ("100 0029" is 1000029)."""
    return re.sub(r"(?<=\d)[\s,.-]+(?=\d)", "", text)


def identifying(text: str) -> list[str]:
    """What in the text could identify a family or a member of staff, each said once. A guard, not
    a proof: PSQA read the highlights as a stranger would before releasing them."""
    found = []
    if DATE.search(text):
        found.append("a date (say the month or the quarter instead)")
    joined = _digits_joined(text)
    if (
        re.search(r"\d{5,}", joined)
        or re.search(r"\b[A-Za-z]+\d{3,}", joined)
        or AUDIT.search(text)
    ):
        found.append("a case ID, staff ID or audit reference")
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in WORD.findall(text)}
    if words:
        for model, what in (
            (Child, "a child's name"),
            (User, "the name of someone on the staff list"),
        ):
            named = model.objects.annotate(
                first=Lower("first_name"), last=Lower("last_name")
            ).filter(first__in=words, last__in=words)
            if named.exists():
                found.append(what)
    return found


def hidden(value):
    """A count of 1 to 4 as "fewer than 5"; percentages and averages as they are."""
    return SUPPRESSED if isinstance(value, int) and 0 < value < SMALL else value


def figures(report: QAReport):
    """The report's key figures beside the periods before, small counts hidden; in a period of
    fewer than 5 audits completed, its shares and averages too (half of fewer than 5 is one or
    two families)."""
    comparison = content.comparison(report)
    completed = next(row for row in comparison.rows if row[0] == "Audits completed")
    few = {column for column, n in enumerate(completed[1:]) if isinstance(n, int) and n < SMALL}

    def shown(label: str, column: int, value):
        a_share = "(%)" in label or "average" in label
        return HIDDEN if a_share and column in few else hidden(value)

    comparison.rows = [
        [row[0], *(shown(row[0], column, value) for column, value in enumerate(row[1:]))]
        for row in comparison.rows
    ]
    comparison.note = (
        comparison.note + " Any count from 1 to 4 is shown as “fewer than 5”, and a period's "
        "shares and averages are hidden when fewer than 5 audits were completed in it, to "
        "protect privacy."
    )
    return comparison


def highlights_of(report: QAReport) -> Highlights:
    highlights, _ = Highlights.objects.get_or_create(report=report)
    return highlights


def highlights_save(*, actor, report: QAReport, summary: str) -> Highlights:
    access.can_write_reports.require(actor)
    with transaction.atomic():
        highlights = Highlights.objects.select_for_update().get(report=report)
        if highlights.is_released:
            raise ValidationError("The highlights are released: they are kept as released")
        if problems := identifying(summary):
            raise ValidationError({"summary": f"Take out {', '.join(problems)}"})
        highlights.summary = summary.strip()
        highlights.version += 1
        highlights.full_clean()
        highlights.save()
    return highlights


def highlights_release(*, actor, report: QAReport) -> Highlights:
    """Released once PSQA have reviewed it: the PDF drawn and kept."""
    from bexley_qa.pdf import render_pdf

    access.can_write_reports.require(actor)
    with transaction.atomic():
        highlights = Highlights.objects.select_for_update().get(report=report)
        if highlights.is_released:
            raise ValidationError("The highlights are already released")
        if not report.is_published:
            raise ValidationError("Only a published report's highlights are released")
        if not highlights.summary:
            raise ValidationError("Write the highlights before releasing them")
        if problems := identifying(highlights.summary):
            raise ValidationError(f"Take out {', '.join(problems)}")
        highlights.released_at, highlights.released_by = timezone.now(), actor
        highlights.pdf = render_pdf(
            "reporting/qa_reports/highlights_pdf.html",
            {"report": report, "highlights": highlights, "figure": figures(report), "pdf": True},
        )
        highlights.version += 1
        highlights.save()
    return highlights
