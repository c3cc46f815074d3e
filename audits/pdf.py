"""The audit as a PDF (WeasyPrint, through bexley_qa/pdf.py), the record for the child's file.

Drawing an audit's ten or so pages takes WeasyPrint about a second, and a completed audit is
downloaded again and again, unchanged. So the latest PDF of each audit is kept (in the cache, for a
week, under the audit's own key) with a hash of what it says: the same record gives back the same
file at once, and any change to the record changes the hash, so a stale PDF is never served.
Anonymising a child's records forgets their audits' PDFs (`forget_pdfs`). When a done audit changes (completed, followed
up, moderated, its oversight note or a manager's review recorded) the worker draws the new PDF in the background
(`prerender_pdf`, the task `draw_audit_pdf`), so even the first download is served from the
store, not drawn in the request. It says when it was produced, not who downloaded it (who reads
what is for the read log, not for the paper).
"""

import hashlib
import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bexley_qa.pdf import render_pdf

from . import contributions, selectors
from .models import Audit, AuditKind, ReviewKind
from .practice_areas import FORM_VERSION

log = logging.getLogger(__name__)
TEMPLATE = "audits/pdf.html"
KEEP_SECONDS = 7 * 24 * 60 * 60


def render_audit_pdf(audit: Audit) -> bytes:
    """Every section of the form in order, the apps' own sections (feedback) included."""
    rows = selectors.area_rows(audit)
    sections = [(section, section.pdf_record(audit)) for section in contributions.sections()]
    reviews = list(audit.manager_reviews.select_related("recorded_by").order_by("recorded_at"))
    context = {
        "audit": audit,
        "health_check": rows[:5],
        "section_4": rows[5:],
        "self_assessments": selectors.self_assessment_rows(audit),
        **contributions.around_the_outcome(sections),
        "actions": list(audit.actions.select_related("owner")),
        "follow_up": getattr(audit, "follow_up", None),
        "oversight_note": getattr(audit, "oversight_note", None),
        "service_manager_reviews": [r for r in reviews if r.kind == ReviewKind.SERVICE_MANAGER],
        "close_offs": [r for r in reviews if r.kind == ReviewKind.CLOSE_OFF],
        "partner_contacts": list(audit.partner_contacts.all())
        if audit.kind == AuditKind.MULTI_AGENCY
        else None,
        "form_version": FORM_VERSION,
    }
    content = render_to_string(TEMPLATE, context).encode()
    says = hashlib.sha256(content).hexdigest()
    kept = cache.get(_key(audit.pk))
    if kept is not None and kept[0] == says:
        return kept[1]
    pdf = render_pdf(TEMPLATE, {**context, "produced_at": timezone.localtime()})
    cache.set(_key(audit.pk), (says, pdf), KEEP_SECONDS)
    return pdf


def _key(pk: int) -> str:
    return f"audit-pdf:{pk}"


def forget_pdfs(child) -> None:
    """The drawn PDFs of the child's audits, gone from the cache (after anonymising: they name the
    child and hold the family's words)."""
    cache.delete_many(
        [_key(pk) for pk in Audit.objects.filter(child=child).values_list("pk", flat=True)]
    )


# Named as it was when it lived in tasks.py, so a queued one still finds it.
@shared_task(ignore_result=True, name="audits.tasks.render_audit_pdf")
def draw_audit_pdf(pk: int) -> bool:
    """The worker: draw a done audit's PDF into the store, so its downloads are served at once.
    False when the audit is gone."""
    audit = selectors.audit_record(pk)
    if audit is None:
        return False
    render_audit_pdf(audit)
    return True


def prerender_pdf(audit: Audit) -> None:
    """Once the caller's transaction commits, have the worker draw the audit's PDF into the
    store. A broker that cannot be reached is logged, not raised: the change is saved, and the
    PDF is then drawn at its first download instead."""

    def queue() -> None:
        try:
            draw_audit_pdf.delay(audit.pk)
        except Exception:  # noqa: BLE001 - any broker failure: the download draws it instead
            log.warning("Could not queue the PDF of audit %s to be drawn", audit.pk, exc_info=True)

    transaction.on_commit(queue)
