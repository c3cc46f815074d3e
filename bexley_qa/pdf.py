"""PDFs of records (WeasyPrint), for the child's file: one renderer every app uses, every PDF
tagged (PDF/UA-1) so a screen reader can read it.

A PDF may load the app's own static files and nothing else: no network, no other file on disk,
whatever a user typed into the record.
"""

import base64
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://pdf.invalid/"
DATA_URI_PREFIX = "data:image/svg+xml;base64,"


class StaticOnlyFetcher(URLFetcher):
    """Loads the app's own static files and nothing else: no network, no other file."""

    def fetch(self, url, headers=None):
        if url.startswith(DATA_URI_PREFIX):  # a chart drawn for the page (bexley_qa/charts.py)
            body = base64.b64decode(url.removeprefix(DATA_URI_PREFIX))
            return URLFetcherResponse(url, body, {"Content-Type": "image/svg+xml"})
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != "pdf.invalid":
            raise ValueError(f"A PDF may only load the app's static files, not {url}")
        if not parts.path.startswith(settings.STATIC_URL):
            raise ValueError(f"A PDF may only load the app's static files, not {url}")
        relative = parts.path.removeprefix(settings.STATIC_URL)
        path = _static_file(relative)
        if not path:
            raise ValueError(f"No static file {relative}")
        with open(path, "rb") as file:
            body = file.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def _static_file(name: str) -> str | None:
    """Where a static file is on disk: from the app's static folders (development), or, in
    production, the collected files under their hashed names (`{% static %}` gives those)."""
    if ".." in name.split("/"):
        return None
    if path := finders.find(name):
        return path
    if settings.STATIC_ROOT and staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return None


# Tagged for assistive technology (PDF/UA): a structure tree in reading order, headings, tables
# with their header cells, the document's title (its <title>) and language (<html lang>).
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict) -> bytes:
    """The template rendered to HTML, then to a tagged PDF with only the app's static files to
    hand."""
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)
