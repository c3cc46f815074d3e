"""The read log: who looked at which child's records, audits, PDFs and exports (not what they
saw). A page's gateway (the child's page, `audit_for`, `moderation_for`) calls `viewed`; the
middleware writes what the request viewed in one insert once the response is known to succeed,
and logs every CSV download as an export. PSQA read it on a child's record log."""

from django.http import HttpRequest

from .models import RecordView


def viewed(request: HttpRequest, *, child_id: int | None, audit_id: int | None = None) -> None:
    """Note that this request shows the child's records (and which audit of theirs)."""
    if request.method in ("GET", "HEAD"):
        request.__dict__.setdefault("record_views", set()).add((child_id, audit_id))


def not_a_record(request: HttpRequest) -> None:
    """This JSON answer holds no child's records (a people picker's suggestions: staff names
    only), so it is not logged as an export: a picker asks at every pause in typing."""
    request.__dict__["not_a_record"] = True


class ReadLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        views = request.__dict__.get("record_views", set())
        content_type = response.get("Content-Type", "")
        export = content_type.startswith(("text/csv", "application/json")) and not (
            request.__dict__.get("not_a_record")
        )
        if export and request.user.is_authenticated:
            views = views or {(None, None)}
        if views and response.status_code < 400:
            what = (
                RecordView.What.PDF
                if content_type.startswith("application/pdf")
                else RecordView.What.EXPORT
                if export
                else RecordView.What.PAGE
            )
            RecordView.objects.bulk_create(
                RecordView(
                    user_id=request.user.pk,
                    what=what,
                    path=request.path[:300],
                    child_id=child_id,
                    audit_id=audit_id,
                )
                for child_id, audit_id in views
            )
        return response
