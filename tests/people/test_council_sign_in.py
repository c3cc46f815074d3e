"""Council single sign-on (OpenID Connect) against a local provider with real RS256 ID tokens."""

import logging
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from django.urls import reverse

from bexley_qa.people.models import User


def sign_in_through_the_provider(client, provider, email):
    """The browser's part of the flow, by hand: our start page, the provider, our callback."""
    provider.signs_in = email
    start = client.get(reverse("oidc-start") + "?next=/children/")
    assert start.status_code == 302 and start.url.startswith(f"{provider.url}/authorize?")
    query = parse_qs(urlparse(start.url).query)
    assert query["client_id"] == [provider.CLIENT_ID] and "code_challenge" in query
    back = requests.get(start.url, allow_redirects=False, timeout=5).headers["Location"]
    return client.get(back.removeprefix("http://testserver"))


def test_a_council_account_signs_in_with_a_good_token(org, client, council_sign_on):
    response = sign_in_through_the_provider(client, council_sign_on, org.alice.email.upper())
    assert response.status_code == 302 and response.url == "/children/"
    assert client.session["_auth_user_id"] == str(org.alice.pk)
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("problem", "logged"),
    [
        ("wrong audience", "another application"),
        ("expired", "expired"),
        ("wrong issuer", "another issuer"),
    ],
)
def test_a_token_that_is_not_good_is_refused(org, client, council_sign_on, caplog, problem, logged):
    caplog.set_level(logging.WARNING)
    if problem == "wrong audience":
        council_sign_on.audience = "some-other-app"
    elif problem == "expired":
        council_sign_on.lifetime = -600
    else:
        council_sign_on.issuer = "https://login.example.org/evil/v2.0"
    response = sign_in_through_the_provider(client, council_sign_on, org.alice.email)
    assert response.status_code == 302 and response.url == "/sign-in/?council-sign-in=failed"
    assert "_auth_user_id" not in client.session
    assert any(logged in r.getMessage() for r in caplog.records)
    page = client.get(response.url).content.decode()
    assert "We could not sign you in with your council account" in page


def test_someone_with_no_account_is_refused_and_no_account_is_made(org, client, council_sign_on):
    before = User.objects.count()
    response = sign_in_through_the_provider(client, council_sign_on, "stranger@bexley.example.org")
    assert response.url == "/sign-in/?council-sign-in=failed"
    assert User.objects.count() == before
    org.alice.is_active = False
    org.alice.save()
    response = sign_in_through_the_provider(client, council_sign_on, org.alice.email)
    assert response.url == "/sign-in/?council-sign-in=failed"


def test_the_sign_in_page_offers_council_sign_in_only_where_it_is_set_up(db, client, settings):
    assert b"Sign in with your council account" not in client.get(reverse("sign-in")).content
    assert client.get(reverse("oidc-start")).status_code == 404


def test_the_council_backend_never_answers_the_password_form(org, rf, council_sign_on):
    """A code and state in the sign-in page's URL are not redeemed by the password form."""
    from bexley_qa.people.oidc import CouncilSignOnBackend

    council_sign_on.signs_in = org.alice.email
    request = rf.post("/sign-in/?code=stolen&state=x", {"username": "x", "password": "y"})
    request.session = {}
    assert CouncilSignOnBackend().authenticate(request, username="x", password="y") is None
    assert council_sign_on.token_requests == 0  # the code was never sent to the provider
