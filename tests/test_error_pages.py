from django.test import Client, override_settings
from django.urls import include, path

from .factories import UserFactory


def boom(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def database_down(request):
    from django.db import OperationalError

    raise OperationalError("connection refused")


def too_big(request):
    from django.core.exceptions import RequestDataTooBig

    raise RequestDataTooBig("Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.")


handler400 = "bexley_qa.views.bad_request"
handler500 = "bexley_qa.views.server_error"
urlpatterns = [
    path("boom/", boom),
    path("too-big/", too_big),
    path("database-down/", database_down),
    path("", include("bexley_qa.urls")),
]


def test_404_is_a_styled_page(org, client_for):
    response = client_for(org.alice).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content


@override_settings(ROOT_URLCONF="tests.test_error_pages")
def test_500_is_a_styled_page_that_gives_nothing_away(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"deliberate failure" not in response.content
    assert b"govuk-template" in response.content


@override_settings(ROOT_URLCONF="tests.test_error_pages")
def test_an_unreachable_database_answers_503_with_retry_after(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Sorry, the service is unavailable" in response.content
    assert b"connection refused" not in response.content


def test_csrf_failure_page_explains_what_to_do(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.alice)
    response = client.post("/sign-out/")
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content


def test_past_saturation_a_request_is_answered_busy_at_once(org, client_for, settings):
    """A process whose every slot is taken answers "busy" (503, Retry-After) after its short
    wait, rather than queueing; the health check is never shed."""
    import time

    from bexley_qa.middleware import ShedLoadMiddleware

    settings.SERVER_CONCURRENCY, settings.SHED_AFTER_SECONDS = 1, 0.2
    shed = ShedLoadMiddleware(lambda request: "served")
    assert shed.slots.acquire(timeout=0)  # the one slot, taken by a long request
    from django.test import RequestFactory

    started = time.monotonic()
    response = shed(RequestFactory().get("/audits/"))
    assert time.monotonic() - started < 1
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "Sorry, the service is busy" in response.content.decode()
    assert shed(RequestFactory().get("/healthz")) == "served"
    shed.slots.release()
    assert shed(RequestFactory().get("/audits/")) == "served"


def test_a_tampered_council_sign_in_callback_gets_the_styled_400_page(db, client, council_sign_on):
    client.get("/sign-in/council/")  # the session now holds the state it expects back
    response = client.get("/sign-in/council/callback/?code=x&state=forged")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Sorry, there is a problem with your request" in page and "govuk-template" in page
    assert "Sign in again" in page


@override_settings(ROOT_URLCONF="tests.test_error_pages")
def test_too_large_a_request_gets_a_413_page(org, client_for):
    response = client_for(org.alice).post("/too-big/")
    assert response.status_code == 413
    assert b"What you sent is too large" in response.content


def test_a_form_address_opened_directly_gets_a_405_page_with_allow(org, client_for):
    response = client_for(org.alice).get("/sign-out/")
    assert response.status_code == 405
    assert b"This page cannot be opened that way" in response.content
    assert "POST" in response["Allow"]


def test_a_locked_out_sign_in_is_a_styled_429(db, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post("/sign-in/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 429
    assert b"govuk-template" in response.content
