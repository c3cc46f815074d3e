from unittest import mock

from django.db.utils import OperationalError


def test_it_answers_ok_without_sign_in(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_answers_503_when_the_database_is_unreachable(db, client):
    with mock.patch(
        "bexley_qa.views.connection.ensure_connection", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"down" not in response.content
