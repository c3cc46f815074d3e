"""Two-factor sign-in for local accounts (django-otp): enrolment by QR code, codes, recovery."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..factories import PASSWORD


@pytest.fixture
def required(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code_for(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def later():
    """Let django-otp's throttle (1 s after one wrong code) pass."""
    from django_otp.plugins.otp_static.models import StaticDevice

    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)


def sign_in(client, username="alice"):
    response = client.post(
        reverse("sign-in"), {"username": username, "password": PASSWORD, "next": "/children/"}
    )
    assert response.status_code == 302
    return client.get(response.url)


def test_a_first_password_sign_in_sets_up_the_app_then_shows_recovery_codes(org, client, required):
    response = sign_in(client)
    assert response.status_code == 302 and response.url.startswith(reverse("two-factor-setup"))
    # Nothing else is reachable before the code: not the children, not an audit, not the home.
    for url in ("/", "/children/", "/audits/"):
        assert client.get(url).url.startswith(reverse("two-factor-setup")), url

    page = client.get(response.url).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and "I cannot scan the QR code" in page
    device = TOTPDevice.objects.get(user=org.alice, confirmed=False)

    wrong = client.post(reverse("two-factor-setup"), {"code": "000000", "next": "/children/"})
    assert "The code is not right" in wrong.content.decode()
    later()  # a wrong code makes the next try wait a moment (django-otp's throttling)
    done = client.post(
        reverse("two-factor-setup"), {"code": code_for(device), "next": "/children/"}
    )
    page = done.content.decode()
    assert "Save your recovery codes" in page
    assert page.count("<li><code>") == 10
    assert client.get("/children/").status_code == 200


def test_with_two_factor_off_the_set_up_page_keeps_no_device(org, client, settings):
    settings.REQUIRE_TWO_FACTOR = False
    sign_in(client)
    assert client.get(reverse("two-factor-setup")).status_code == 302
    assert not TOTPDevice.objects.filter(user=org.alice).exists()


def test_later_sign_ins_ask_for_the_code_and_a_recovery_code_works_once(org, client, required):
    from django_otp.plugins.otp_static.models import StaticDevice

    device = TOTPDevice.objects.create(user=org.alice, name="app", confirmed=True)
    recovery = StaticDevice.objects.create(user=org.alice, name="Recovery codes")
    recovery.token_set.create(token="abcd2345")

    response = sign_in(client)
    assert response.url.startswith(reverse("two-factor"))
    assert client.get("/children/").status_code == 302
    refused = client.post(reverse("two-factor"), {"code": "123456"})
    assert "The code is not right" in refused.content.decode()
    later()
    before_code = client.session.session_key
    accepted = client.post(reverse("two-factor"), {"code": code_for(device), "next": "/children/"})
    assert accepted.url == "/children/"
    assert client.session.session_key != before_code  # a new session id once verified
    assert client.get("/children/").status_code == 200

    client.post(reverse("sign-out"))
    sign_in(client)
    later()
    assert client.post(reverse("two-factor"), {"code": "ABCD 2345"}).status_code == 302
    client.post(reverse("sign-out"))
    sign_in(client)
    used = client.post(reverse("two-factor"), {"code": "abcd2345"})
    assert "has been used" in used.content.decode()


def test_council_sign_in_is_not_asked_for_a_code(org, client, council_sign_on, required):
    from .test_council_sign_in import sign_in_through_the_provider

    response = sign_in_through_the_provider(client, council_sign_on, org.alice.email)
    assert response.url == "/children/"
    assert client.get("/children/").status_code == 200


def test_the_code_page_does_not_send_people_elsewhere(org, client, required):
    TOTPDevice.objects.create(user=org.alice, name="app", confirmed=True)
    sign_in(client)
    page = client.get(reverse("two-factor") + "?next=https://evil.example.org/").content.decode()
    assert 'value="/"' in page or 'value="/"' in page.replace("&#x2F;", "/")
