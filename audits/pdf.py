"""The audit as a PDF (WeasyPrint), the record uploaded to the child's file."""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import selectors
from .models import Audit
from .practice_areas import FORM_VERSION

BASE_URL = "https://pdf.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Loads the app's own static files and nothing else: no network, no other file."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != "pdf.invalid":
            raise ValueError(f"The audit PDF may only load the app's static files, not {url}")
        if not parts.path.startswith(settings.STATIC_URL):
            raise ValueError(f"The audit PDF may only load the app's static files, not {url}")
        relative = parts.path.removeprefix(settings.STATIC_URL)
        path = finders.find(relative) if ".." not in relative else None
        if not path:
            raise ValueError(f"No static file {relative}")
        with open(path, "rb") as file:
            body = file.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def render_audit_pdf(request: HttpRequest, audit: Audit) -> bytes:
    from feedback.models import ChildFeedback
    from feedback.statements import CHILD_QUESTIONS

    rows = selectors.area_rows(audit)
    child_feedback = ChildFeedback.objects.filter(audit=audit).first()
    html = render_to_string(
        "audits/pdf.html",
        {
            "child_feedback": child_feedback,
            "child_answers": [(q, getattr(child_feedback, n)) for n, q in CHILD_QUESTIONS]
            if child_feedback
            else [],
            "family": audit.family_feedback.prefetch_related("scores"),
            "network": audit.network_feedback.all(),
            "not_obtained": {n.kind: n for n in audit.feedback_not_obtained.all()},
            "actions": audit.actions.select_related("owner"),
            "audit": audit,
            "health_check": rows[:5],
            "section_4": rows[5:],
            "self_assessments": selectors.self_assessment_rows(audit),
            "printed_at": timezone.localtime(),
            "printed_by": request.user,
            "form_version": FORM_VERSION,
        },
    )
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
