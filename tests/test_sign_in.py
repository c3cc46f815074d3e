from django.urls import reverse

from .factories import PASSWORD


def test_it_signs_in_and_lands_on_home(org, client):
    response = client.post(reverse("sign-in"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_it_returns_to_the_page_asked_for(org, client):
    response = client.post(
        reverse("sign-in"),
        {"username": "alice", "password": PASSWORD, "next": "/children/"},
    )
    assert response.url == "/children/"


def test_it_refuses_a_wrong_password_with_a_clear_message(org, client):
    response = client.post(reverse("sign-in"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert b"There is a problem" in response.content
    assert "_auth_user_id" not in client.session


def test_it_asks_for_missing_fields(db, client):
    response = client.post(reverse("sign-in"), {"username": "", "password": ""})
    assert b"Enter your username" in response.content
    assert b"Enter your password" in response.content


def test_an_inactive_account_cannot_sign_in(org, client):
    org.alice.is_active = False
    org.alice.save()
    response = client.post(reverse("sign-in"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_ends_the_session(org, client_for):
    client = client_for(org.alice)
    assert client.get(reverse("sign-out")).status_code == 405
    response = client.post(reverse("sign-out"))
    assert response.url == reverse("signed-out")
    assert client.get(reverse("home")).status_code == 302


def test_passwords_are_hashed_with_argon2(org):
    org.alice.set_password("another-long-password")
    assert org.alice.password.startswith("argon2")


def test_public_pages_need_no_sign_in(db, client):
    for name in ("sign-in", "signed-out", "accessibility"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get("/healthz").content == b"ok"


def test_the_accessibility_statement_says_whom_to_contact_and_when_it_was_reviewed(
    db, client, settings
):
    settings.PSQA_CONTACT_EMAIL = "quality@council.example"
    page = client.get(reverse("accessibility")).content.decode()
    assert 'href="mailto:quality@council.example"' in page
    assert "It was last reviewed on" in page


def test_everything_else_needs_sign_in(org, client):
    for path in ("/", "/children/", "/children/1000001/", "/admin/", "/admin/people/child/"):
        response = client.get(path, follow=True)
        assert response.redirect_chain, path
        assert response.request["PATH_INFO"] == reverse("sign-in"), path
