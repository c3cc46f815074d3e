"""The children's payload endpoint: the DfE Children's Social Care data API as a council's payload
client (data-to-insight's dfe-csc-api-data-flows) knows it, so the client sends here unchanged
but for its API_ENDPOINT, TOKEN_ENDPOINT, client id and secret.

- `POST /api/token/`: client credentials (form: grant_type=client_credentials, client_id,
  client_secret, scope) answered by django-oauth-toolkit with {"access_token", "token_type":
  "Bearer", "expires_in", "scope"}. Whatever scope the client was set up to ask the DfE for, the
  token is for this one API. Clients come from `manage.py csc_api_client`.
- `POST /children_social_care_data/<la_code>/children`: a Bearer token and a JSON array of at
  most CSC_API_MAX_PAYLOADS payloads, read and checked by the one payload reader
  (bexley_qa/people/csc.py) and imported all or none as one import run. 200: a JSON list, one
  string per payload in order, `YYYY-MM-DD_HH:MM:SS.ffffff_<uuid>` naming its stored submission;
  400: each refused payload's index in square brackets and why, nothing stored from the batch;
  401: a token missing, wrong, expired or of a revoked client; 403: another local authority's
  code; 413: a body over CSC_API_MAX_BYTES; 429: past CSC_API_REQUESTS_PER_MINUTE.
"""

import logging
import time
import uuid

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.oauth2_backends import get_oauthlib_core
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import TokenView

from bexley_qa.importing import ImportFileError, ImportRefused
from bexley_qa.people.csc import PAYLOADS

from . import services
from .models import ImportRun, PayloadClient

log = logging.getLogger(__name__)
SCOPE = "children_social_care_data"
# Refused token requests an address may make a minute (the client's own address, as the sign-in
# lockout finds it behind a proxy): a secret cannot be guessed, nor the hashing made to cost.
TOKEN_FAILURES_PER_MINUTE = 30
# Refused payloads' reasons given back, at most: a batch of 100 may have a few each.
MOST_REASONS = 500


class PayloadClientValidator(OAuth2Validator):
    """A payload client asks for the scope the DfE gave it; the token is for this API."""

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        request.scopes = [SCOPE]
        return True


def _counter(key: str) -> str:
    return f"rate:{key}:{int(time.time() // 60)}"


def _count(key: str) -> int:
    """Count one more against this minute's allowance (in the cache, shared by every worker)."""
    counter = _counter(key)
    cache.add(counter, 0, timeout=120)
    try:
        return cache.incr(counter)
    except ValueError:  # expired between the two calls
        cache.set(counter, 1, timeout=120)
        return 1


def _over_limit(key: str, per_minute: int) -> bool:
    return _count(key) > per_minute


def _error(status: int, error: str, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": error, "message": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _rate_limited() -> JsonResponse:
    return _error(
        429, "rate_limit_exceeded", "Rate limit exceeded: wait a minute", Retry_After="60"
    )


_issue_token = TokenView.as_view()


@csrf_exempt
@login_not_required
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    """A token for client credentials; an address refused too often waits a minute (only its
    refusals count, so no one else's guesses can keep the council's own client waiting)."""
    failures = f"token-refused:{get_client_ip_address(request)}"
    if (cache.get(_counter(failures)) or 0) >= TOKEN_FAILURES_PER_MINUTE:
        return _rate_limited()
    response = _issue_token(request)
    if response.status_code != 200:
        _count(failures)
    return response


@csrf_exempt
@login_not_required
@require_POST
def children(request: HttpRequest, la_code: str) -> HttpResponse:
    valid, oauth = get_oauthlib_core().verify_request(request, scopes=[SCOPE])
    client = (
        PayloadClient.objects.filter(
            application=oauth.access_token.application, revoked_at__isnull=True
        ).first()
        if valid
        else None
    )
    if client is None:
        return _error(
            401, "invalid_token", "Invalid API token: missing, wrong or expired",
            WWW_Authenticate='Bearer error="invalid_token"',
        )  # fmt: skip
    if la_code != client.la_code or la_code != settings.CSC_API_LA_CODE:
        return _error(
            403, "access_denied",
            f"API access disallowed: this service takes local authority "
            f"{settings.CSC_API_LA_CODE}'s children, from clients made for it",
        )  # fmt: skip
    if _over_limit(f"children:{client.client_id}", settings.CSC_API_REQUESTS_PER_MINUTE):
        return _rate_limited()
    most = settings.CSC_API_MAX_BYTES
    try:
        declared_length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared_length = 0
    if declared_length <= 0:  # chunked, or nothing: the client says how long its batch is
        return _error(411, "length_required", "Length required: send a Content-Length")
    body = b"" if declared_length > most else request.read(most + 1)
    if declared_length > most or len(body) > most:
        return _error(
            413, "payload_too_large", f"Payload exceeds limit: at most {most // (1024 * 1024)} MB"
        )
    try:
        rows = PAYLOADS.reader.batch(body, most=settings.CSC_API_MAX_PAYLOADS)
    except ImportFileError as error:
        return _error(400, "malformed_payload", str(error))
    for row in rows:
        row.submission = uuid.uuid4()  # kept with the batch, in its transaction (models.py)
    try:
        run = services.import_rows(
            PAYLOADS, actor=None, rows=rows, via=ImportRun.Via.API,
            name=f"{client.name}: a batch of {len(rows)}", sha256=services.digest(body),
        )  # fmt: skip
    except ImportRefused as refused:
        problems = refused.checked.problems
        log.info("Payload batch from %s refused: %s problems", client.name, len(problems))
        return JsonResponse(
            {
                "error": "malformed_payload",
                "message": "Nothing from this batch was stored: correct the payloads listed and "
                "send the batch again",
                "errors": [str(problem) for problem in problems[:MOST_REASONS]],
            },
            status=400,
        )
    submissions = run.submissions.order_by("position")
    log.info("Payload batch from %s stored: %s", client.name, run.summary_text())
    return JsonResponse([submission.name for submission in submissions], safe=False)
