"""The trust findings: what a security tester found and what now stops it."""

import pytest
from django.urls import reverse

from .factories import PASSWORD


def test_every_signed_in_response_is_not_stored_by_browsers_or_proxies(org, audit, client_for):
    client = client_for(org.tom)
    for url in (
        reverse("home"),
        reverse("people:child-detail", args=[audit.child.case_id]),
        reverse("audits:detail", args=[audit.pk]),
        reverse("audits:pdf", args=[audit.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def wrong(client, username, address="10.0.0.1"):
    return client.post(
        reverse("sign-in"),
        {"username": username, "password": "not-the-password"},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("username", ["alice", "nobody-by-this-name"])
def test_a_username_is_locked_out_after_five_wrong_passwords_without_saying_if_it_exists(
    org, client, username, caplog
):
    for _ in range(4):
        assert b"Enter a correct username and password" in wrong(client, username).content
    assert wrong(client, username).status_code == 429  # the fifth
    # From another address, even the right password is refused for the cool-off time.
    response = client.post(
        reverse("sign-in"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 429
    assert b"You cannot sign in at the moment" in response.content
    assert b"try again in 15 minutes" in response.content
    assert "_auth_user_id" not in client.session
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)
    # Another person is not affected.
    response = client.post(
        reverse("sign-in"), {"username": "tom", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 302


def test_an_address_is_locked_out_after_five_wrong_passwords_whatever_the_usernames(org, client):
    for n in range(5):
        wrong(client, f"guess{n}", address="10.9.9.9")
    response = client.post(
        reverse("sign-in"), {"username": "tom", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429


def test_a_right_password_before_the_limit_signs_in_and_forgets_the_failures(org, client):
    for _ in range(4):
        wrong(client, "alice")
    response = client.post(
        reverse("sign-in"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
