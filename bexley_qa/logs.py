"""Logs that can be read without reading a child's details.

- Every record carries the request id and the signed-in user's id (RequestContextMiddleware sets
  them; ContextFilter adds them), so one request's lines can be found without names.
- JSON lines in production (LOG_FORMAT=json, the default when DEBUG is off); plain text locally.
- The development server's access log shows the path without its query string (a name searched
  for would otherwise be in it); gunicorn's access log format does the same (Dockerfile).
- Error reports (emails to ADMINS) hide every GET and POST value: they may be a child's details.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

request_id: ContextVar[str] = ContextVar("request_id", default="-")
user_id: ContextVar[str] = ContextVar("user_id", default="-")


class RequestContextMiddleware:
    """Gives each request an id (or takes the proxy's X-Request-ID) for its log lines and
    answers with it, so a user's report of a problem can be matched to the logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if re.fullmatch(r"[A-Za-z0-9-]{8,64}", incoming) else uuid.uuid4().hex
        # Set, not reset at the end: Django logs a 4xx or 5xx after the middleware has returned,
        # and that line belongs to this request too. The next request on the thread sets its own.
        request_id.set(rid)
        user_id.set(str(request.user.pk) if request.user.is_authenticated else "-")
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


_default_record_factory = logging.getLogRecordFactory()


def _record_with_context(*args, **kwargs) -> logging.LogRecord:
    record = _default_record_factory(*args, **kwargs)
    record.request_id = request_id.get()
    record.user_id = user_id.get()
    return record


# Every record gets the ids when it is made (whichever handler then writes it).
if getattr(_default_record_factory, "__name__", "") != "_record_with_context":
    logging.setLogRecordFactory(_record_with_context)


class ContextFilter(logging.Filter):
    """For records made before this module was imported: the ids as '-'."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.setdefault("request_id", "-")
        record.__dict__.setdefault("user_id", "-")
        return True


class NoQueryStringFilter(logging.Filter):
    """The development server's access lines ("GET /children/?q=... HTTP/1.1") without the query."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            record.args = (re.sub(r"\?\S*", "", record.args[0]), *record.args[1:])
        return True


class NoTracebackForRefusalsFilter(logging.Filter):
    """A refused request (403 Forbidden, 404, 405: the user's doing, answered as designed) is one
    line, not a traceback; errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user_id": getattr(record, "user_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry)


class HideRequestDataFilter(SafeExceptionReporterFilter):
    """Error reports name the page but show none of what was typed or searched for, nor the
    values of the variables in the traceback (a name searched for is one)."""

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in ("QUERY_STRING", "HTTP_REFERER"):
            if key in meta:
                meta[key] = self.cleansed_substitute
        return meta


class HideRequestDataReporter(ExceptionReporter):
    """The error report without the query string: the URL is the path, and GET shows names only."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = [(key, "********************") for key in self.request.GET]
            data["request_insecure_uri"] = self.request.path
        return data
