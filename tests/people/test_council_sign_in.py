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


def test_an_email_the_provider_has_not_verified_cannot_sign_in(
    org, client, council_sign_on, caplog
):
    caplog.set_level(logging.WARNING)
    council_sign_on.claims = {"email_verified": False}
    response = sign_in_through_the_provider(client, council_sign_on, org.alice.email)
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response.url.startswith(reverse("sign-in"))
    assert "has not verified the email address" in caplog.text
    council_sign_on.claims = {"email_verified": True}
    sign_in_through_the_provider(client, council_sign_on, org.alice.email)
    assert client.session["_auth_user_id"] == str(org.alice.pk)


def test_after_the_first_sign_in_a_person_is_matched_by_the_providers_id(
    org, client_for, council_sign_on
):
    """Alice's first council sign-in keeps Entra ID's object ID for her. Later: she is still
    matched when her address changes at the provider, and someone else claiming her address
    (another object ID) is refused."""
    from django.test import Client

    council_sign_on.subject = "pairwise-subject-1"
    council_sign_on.claims = {"oid": "00000000-aaaa-4bbb-8ccc-000000000001"}
    first = Client()
    sign_in_through_the_provider(first, council_sign_on, org.alice.email)
    assert first.session["_auth_user_id"] == str(org.alice.pk)
    org.alice.refresh_from_db()
    assert org.alice.sign_on_id == "00000000-aaaa-4bbb-8ccc-000000000001"

    renamed = Client()
    sign_in_through_the_provider(renamed, council_sign_on, "alice.married-name@example.org")
    assert renamed.session["_auth_user_id"] == str(org.alice.pk)

    council_sign_on.claims = {"oid": "00000000-aaaa-4bbb-8ccc-000000000002"}
    borrower = Client()
    sign_in_through_the_provider(borrower, council_sign_on, org.alice.email)
    assert "_auth_user_id" not in borrower.session


def test_without_an_object_id_the_subject_is_kept(org, client, council_sign_on):
    council_sign_on.subject = "subject-of-tom"
    sign_in_through_the_provider(client, council_sign_on, org.tom.email)
    org.tom.refresh_from_db()
    assert org.tom.sign_on_id == "subject-of-tom"


def test_the_first_psqa_officer_is_made_from_the_command_line(db, settings):
    import io

    from django.core.management import CommandError, call_command

    from bexley_qa.people.models import RoleCode

    settings.OIDC_RP_CLIENT_ID = ""
    call_command(
        "create_psqa_officer", "Priya.Shah@council.example", "--first-name", "Priya",
        stdout=(out := io.StringIO()),
    )  # fmt: skip
    officer = User.objects.get(email="Priya.Shah@council.example")
    assert officer.role_codes == {RoleCode.PSQA} and not officer.has_usable_password()
    assert (
        f"Created {officer.username} (Priya.Shah@council.example) a PSQA officer." in out.getvalue()
    )
    assert f"manage.py changepassword {officer.username}" in out.getvalue()
    call_command("create_psqa_officer", "priya.shah@council.example", stdout=(out := io.StringIO()))
    assert "is already a PSQA officer" in out.getvalue()
    assert User.objects.count() == 1
    with pytest.raises(CommandError, match="not an email address"):
        call_command("create_psqa_officer", "priya", stdout=io.StringIO())


def test_psqa_unlink_a_persons_council_sign_in(org, client_for):
    from django.urls import reverse

    org.alice.sign_on_id = "old-provider-id"
    org.alice.save()
    page = client_for(org.pat).get(reverse("manage:person", args=[org.alice.pk])).content.decode()
    assert "Unlink their council sign-in" in page
    url = reverse("manage:person-unlink-sign-on", args=[org.alice.pk])
    assert client_for(org.tom).post(url).status_code == 403
    assert client_for(org.pat).get(url).status_code == 405
    org.alice.refresh_from_db()
    assert org.alice.sign_on_id == "old-provider-id"
    response = client_for(org.pat).post(url, follow=True)
    assert "matches them by email address again" in response.content.decode()
    org.alice.refresh_from_db()
    assert org.alice.sign_on_id == ""
