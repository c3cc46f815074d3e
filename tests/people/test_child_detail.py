import pytest
from django.urls import reverse


def url(child):
    return reverse("people:child-detail", args=[child.case_id])


@pytest.mark.parametrize(
    ("person", "child", "status"),
    [
        ("alice", "amy", 200),
        ("alice", "cara", 404),  # a colleague's child in her own team
        ("alice", "dan", 404),  # another team's child
        ("stella", "amy", 200),
        ("stella", "ben", 404),
        ("tom", "cara", 200),
        ("tom", "dan", 404),
        ("sam", "ben", 200),
        ("sam", "dan", 404),
        ("hana", "cara", 200),
        ("hana", "dan", 404),
        ("tariq", "dan", 200),
        ("tariq", "amy", 404),
        ("dee", "dan", 200),
        ("pat", "amy", 200),
        ("bella", "amy", 404),  # business support look up, never open case files
        ("mo", "amy", 404),
        ("charlie", "amy", 404),
    ],
)
def test_it_answers_only_within_scope(org, client_for, person, child, status):
    response = client_for(getattr(org, person)).get(url(getattr(org, child)))
    assert response.status_code == status


def test_it_shows_demographics_and_workers(org, client_for):
    response = client_for(org.alice).get(url(org.amy))
    content = response.content.decode()
    for text in (
        "1000001",
        "Amy Archer",
        "1 June 2015",
        "Female",
        "White – British",
        "English",
        "Child in need",
        "10 January 2025",
        "Assessment",
        "Service A",
        org.alice.get_full_name(),
        org.stella.get_full_name(),
    ):
        assert text in content


def test_out_of_scope_is_the_same_404_as_a_missing_case(org, client_for):
    client = client_for(org.alice)
    hidden = client.get(url(org.dan))
    missing = client.get(reverse("people:child-detail", args=["9999999"]))
    assert hidden.status_code == missing.status_code == 404
    assert b"Page not found" in hidden.content
    assert b"Dale" not in hidden.content


def test_it_requires_sign_in(org, client):
    response = client.get(url(org.amy))
    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_it_rejects_post(org, client_for):
    assert client_for(org.alice).post(url(org.amy)).status_code == 405
