"""CSV downloads: one way to build them, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone


def safe_cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection). A number is
    written as it is (a negative one is a number, not a formula)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(name: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download called <name>-<today>.csv; every cell made safe."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_cell(value) for value in row)
    return response


def pdf_response(body: bytes, name: str) -> HttpResponse:
    """A PDF download called <name>.pdf."""
    response = HttpResponse(bytes(body), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
