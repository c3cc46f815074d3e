"""The audit as a PDF (WeasyPrint, through bexley_qa/pdf.py), the record for the child's file."""

from django.http import HttpRequest
from django.utils import timezone

from bexley_qa.pdf import render_pdf

from . import contributions, selectors
from .models import Audit
from .practice_areas import FORM_VERSION


def render_audit_pdf(request: HttpRequest, audit: Audit) -> bytes:
    """Every section of the form in order, the apps' own sections (feedback) included."""
    rows = selectors.area_rows(audit)
    sections = [(section, section.pdf_record(audit)) for section in contributions.sections()]
    return render_pdf(
        "audits/pdf.html",
        {
            "audit": audit,
            "health_check": rows[:5],
            "section_4": rows[5:],
            "self_assessments": selectors.self_assessment_rows(audit),
            **contributions.around_the_outcome(sections),
            "actions": audit.actions.select_related("owner"),
            "printed_at": timezone.localtime(),
            "printed_by": request.user,
            "form_version": FORM_VERSION,
        },
    )
