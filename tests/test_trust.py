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


def test_every_free_text_box_of_every_form_has_the_models_limit():
    import inspect

    from django import forms as django_forms

    from audits import forms as audit_forms
    from bexley_qa import forms as shared_forms
    from bexley_qa.fields import ANSWER_MAX_LENGTH
    from feedback import forms as feedback_forms
    from moderation import forms as moderation_forms

    boxes = 0
    for module in (audit_forms, feedback_forms, moderation_forms, shared_forms):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, django_forms.BaseForm):
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field.widget, django_forms.Textarea):
                    boxes += 1
                    assert 0 < (field.max_length or 0) <= ANSWER_MAX_LENGTH, f"{name}.{field_name}"
    assert boxes > 25


def test_too_long_an_answer_is_refused_with_its_length_and_nothing_is_saved(org, audit, client_for):
    from audits.models import AreaScore

    url = reverse("audits:area", args=[audit.pk, 7])
    client = client_for(org.tariq)
    response = client.post(
        url, {"version": 0, "worked_well": "x" * 1_000_000}, headers={"HX-Request": "true"}
    )
    assert b"Answer must be 2,000 characters or fewer (this one has 1000000)" in response.content
    assert b"Saved at" not in response.content
    assert not AreaScore.objects.filter(audit=audit, area=7, worked_well__startswith="x").exists()
    # The box does not cut a pasted answer short in the browser without a word.
    page = client.get(url).content.decode()
    assert 'maxlength="2000"' not in page
