"""People pickers that search as you type once a list is too long to send
(bexley_qa/people/pickers.py): what the page sends, what the search answers and to whom."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bexley_qa.people import pickers
from bexley_qa.people.models import RoleCode

from ..factories import TeamFactory, UserFactory


def managers(service, count: int, *, prefix: str = "Morgan"):
    """Team managers of new teams in `service`: each may audit children of other teams."""
    made = []
    for number in range(count):
        team = TeamFactory(name=f"{prefix} team {number}", service=service)
        person = UserFactory(
            first_name=prefix, last_name=f"Manager{number:03}", team=team,
            roles=[RoleCode.TEAM_MANAGER],
        )  # fmt: skip
        team.managers.add(person)
        made.append(person)
    return made


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<option value="(\d*)"', select.group(1))


def search_attribute(page: str, name: str) -> str | None:
    tag = re.search(rf'<select name="{name}"[^>]*>', page).group(0)
    found = re.search(r'data-search="([^"]*)"', tag)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_short_list_is_sent_whole_and_a_long_one_is_searched(org, client_for, monkeypatch):
    url = reverse("audits:allocate", args=[org.dan.case_id])
    client = client_for(org.bella)
    page = client.get(url).content.decode()
    assert str(org.tom.pk) in options(page, "auditor")  # Assessment's manager may audit Care's
    assert search_attribute(page, "auditor") is None

    managers(org.service_a, 3)
    monkeypatch.setattr(pickers, "LIST_LIMIT", 2)
    page = client.get(url).content.decode()
    assert options(page, "auditor") == [""]  # nobody chosen yet: just the empty choice
    assert search_attribute(page, "auditor") == (
        reverse("people:search", args=["auditors-for-child"]) + f"?for={org.dan.case_id}"
    )


def test_the_search_finds_by_name_team_or_service_and_only_in_the_pool(org, client_for):
    managers(org.service_a, 3)
    client = client_for(org.bella)
    search = reverse("people:search", args=["auditors-for-child"])

    def names(for_, query):
        answer = client.get(search, {"for": for_, "q": query}).json()["people"]
        return sorted(person["name"] for person in answer)

    assert names(org.dan.case_id, "morgan manager001") == ["Morgan Manager001"]
    assert names(org.dan.case_id, "Assessment") == ["Tom Turner"]
    assert names(org.dan.case_id, "service a turner") == ["Tom Turner"]
    # Care's own manager may not audit Dan's case, so the search does not offer him.
    assert names(org.dan.case_id, "tariq") == []
    assert names(org.amy.case_id, "tariq") == ["Tariq Taylor"]
    # Each suggestion says what tells two people of one name apart.
    answer = client.get(search, {"for": org.dan.case_id, "q": "tom"}).json()["people"]
    assert answer == [
        {"value": str(org.tom.pk), "name": "Tom Turner", "detail": "Assessment, Service A"}
    ]


def test_the_search_answers_a_few_whatever_the_staff_list(org, client_for):
    managers(org.service_a, pickers.SUGGESTIONS + 5)
    client = client_for(org.bella)
    answer = client.get(
        reverse("people:search", args=["auditors-for-child"]),
        {"for": org.dan.case_id, "q": "morgan"},
    ).json()["people"]
    assert len(answer) == pickers.SUGGESTIONS


@pytest.mark.parametrize(
    ("pool", "who", "status"),
    [
        ("auditors-for-child", "alice", 403),  # a practitioner does not allocate audits
        ("practitioners", "bella", 403),  # only PSQA correct a child's record
        ("team-leads", "tom", 403),  # only PSQA keep the teams
        ("observers", "alice", 403),  # practitioners do not record practice observations
        ("staff", "alice", 403),  # nor own actions' owners: the staff list is for those forms
        ("staff", "bella", 403),
        ("staff", "mo", 403),
        ("no-such-pool", "pat", 404),
    ],
)
def test_a_pool_answers_only_those_who_use_its_form(org, client_for, pool, who, status):
    response = client_for(getattr(org, who)).get(reverse("people:search", args=[pool]))
    assert response.status_code == status


def test_a_child_out_of_scope_is_not_found(org, client_for):
    org.dan.is_open = False
    org.dan.save()
    response = client_for(org.bella).get(
        reverse("people:search", args=["auditors-for-child"]), {"for": org.dan.case_id}
    )
    assert response.status_code == 404
    response = client_for(org.bella).get(
        reverse("people:search", args=["auditors-for-child"]), {"for": "no such case"}
    )
    assert response.status_code == 404


def test_signed_out_the_search_sends_to_sign_in(org, client):
    response = client.get(reverse("people:search", args=["staff"]), {"q": "tom"})
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_someone_found_by_search_is_accepted_and_the_page_keeps_them(org, client_for, monkeypatch):
    """The form accepts anyone in the pool (not only those sent), and a page sent back with an
    error keeps the person chosen as its one option."""
    made = managers(org.service_a, 3)
    monkeypatch.setattr(pickers, "LIST_LIMIT", 2)
    url = reverse("audits:allocate", args=[org.dan.case_id])
    response = client_for(org.bella).post(
        url, {"auditor": made[2].pk, "kind": "routine", "theme": "nonsense"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert options(page, "auditor") == ["", str(made[2].pk)]
    assert f'value="{made[2].pk}" selected' in page
    response = client_for(org.bella).post(url, {"auditor": made[2].pk, "kind": "routine"})
    assert response.status_code == 302
    assert org.dan.audits.get().auditor == made[2]


def test_the_pages_queries_do_not_grow_with_the_staff_list(org, client_for, monkeypatch):
    monkeypatch.setattr(pickers, "LIST_LIMIT", 5)
    client = client_for(org.bella)
    url = reverse("audits:allocate", args=[org.dan.case_id])
    managers(org.service_a, 6)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        small = client.get(url).content
    managers(org.service_a, 60, prefix="Jordan")
    with CaptureQueriesContext(connection) as many:
        large = client.get(url).content
    assert len(many) == len(few)
    assert len(large) == len(small)  # the page itself does not grow either


def test_a_search_is_not_logged_as_an_export_and_offers_no_superuser(org, client_for):
    """A picker asks at every pause in typing: staff names, no child's records, so no read-log
    row each time; the people pages' hidden superusers are never suggested."""
    from bexley_qa.people.models import RecordView, User

    User.objects.create_superuser("root", "root@example.org", "x", first_name="Tom")
    answer = client_for(org.tom).get(reverse("people:search", args=["staff"]), {"q": "tom"})
    assert [person["name"] for person in answer.json()["people"]] == ["Tom Turner"]
    assert not RecordView.objects.exists()


def test_a_control_character_is_refused_not_a_server_error(org, client_for):
    response = client_for(org.tom).get(reverse("people:search", args=["staff"]), {"q": "to\x00m"})
    assert response.status_code == 400
