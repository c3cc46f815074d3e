"""PDFs of records (WeasyPrint), for the child's file: one renderer every app uses.

A PDF may load the app's own static files and nothing else: no network, no other file on disk,
whatever a user typed into the record.
"""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://pdf.invalid/"


class StaticOnlyFetcher(URLFetcher):
    """Loads the app's own static files and nothing else: no network, no other file."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != "pdf.invalid":
            raise ValueError(f"A PDF may only load the app's static files, not {url}")
        if not parts.path.startswith(settings.STATIC_URL):
            raise ValueError(f"A PDF may only load the app's static files, not {url}")
        relative = parts.path.removeprefix(settings.STATIC_URL)
        path = finders.find(relative) if ".." not in relative else None
        if not path:
            raise ValueError(f"No static file {relative}")
        with open(path, "rb") as file:
            body = file.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def render_pdf(template: str, context: dict) -> bytes:
    """The template rendered to HTML, then to PDF with only the app's static files to hand."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
