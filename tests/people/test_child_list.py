import pytest
from django.urls import reverse

from bexley_qa.people.models import PlanType

from ..factories import ChildFactory

URL = reverse("people:child-list")


def listed_case_ids(response):
    return sorted(child.case_id for child in response.context["page"])


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("alice", ["1000001", "1000002"]),
        ("stella", ["1000001"]),
        ("tom", ["1000001", "1000002", "1000003"]),
        ("sam", ["1000001", "1000002", "1000003"]),
        ("hana", ["1000001", "1000002", "1000003"]),
        ("tariq", ["2000001"]),
        ("dee", ["1000001", "1000002", "1000003", "2000001"]),
        ("pat", ["1000001", "1000002", "1000003", "2000001"]),
    ],
)
def test_it_lists_exactly_the_persons_scope(org, client_for, person, expected):
    response = client_for(getattr(org, person)).get(URL)
    assert response.status_code == 200
    assert listed_case_ids(response) == expected


def test_another_teams_child_is_not_on_the_page(org, client_for):
    response = client_for(org.alice).get(URL)
    assert b"Dale" not in response.content
    assert b"Cole" not in response.content


def test_it_requires_sign_in(org, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('sign-in')}?next={URL}"


def test_it_searches_by_case_id_and_by_name(org, client_for):
    client = client_for(org.pat)
    assert listed_case_ids(client.get(URL, {"q": "2000"})) == ["2000001"]
    assert listed_case_ids(client.get(URL, {"q": "ben baker"})) == ["1000002"]
    assert listed_case_ids(client.get(URL, {"q": "ARCH"})) == ["1000001"]


def test_search_never_widens_the_scope(org, client_for):
    response = client_for(org.alice).get(URL, {"q": "Dan"})
    assert listed_case_ids(response) == []
    assert b"No children match your search" in response.content


def test_it_filters_by_team_and_plan_type(org, client_for):
    client = client_for(org.pat)
    assert listed_case_ids(client.get(URL, {"team": org.team_b.pk})) == ["2000001"]
    assert listed_case_ids(client.get(URL, {"plan_type": PlanType.CHILD_PROTECTION})) == ["1000002"]


def test_team_filter_offers_only_teams_in_scope(org, client_for):
    response = client_for(org.tom).get(URL)
    assert list(response.context["form"].fields["team"].queryset) == [org.team_a]
    # Asking for another team's children is an invalid choice, not a way in.
    response = client_for(org.tom).get(URL, {"team": org.team_b.pk})
    assert b"Select a team from the list" in response.content
    assert listed_case_ids(response) == ["1000001", "1000002", "1000003"]


def test_it_paginates_25_to_a_page(org, client_for):
    ChildFactory.create_batch(30, team=org.team_b, allocated_worker=org.priya)
    client = client_for(org.tariq)
    first = client.get(URL)
    assert len(first.context["page"]) == 25
    assert b"Showing 1 to 25 of" in first.content
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 6


def test_page_links_keep_the_filters(org, client_for):
    ChildFactory.create_batch(30, team=org.team_b, allocated_worker=org.priya)
    response = client_for(org.pat).get(URL, {"team": org.team_b.pk})
    assert f"?team={org.team_b.pk}&amp;page=2".encode() in response.content


def test_empty_state_says_what_will_appear(org, client_for):
    org.tom.managed_teams.clear()
    response = client_for(org.tom).get(URL)
    assert b"There are no children in your caseload, team or service" in response.content


def test_query_count_does_not_grow_with_rows(org, client_for, django_assert_num_queries):
    client = client_for(org.pat)
    # Session, user, roles, count, team filter, the page of children, session touch (3).
    with django_assert_num_queries(5):
        client.get(URL)
    ChildFactory.create_batch(20, team=org.team_b, allocated_worker=org.priya)
    with django_assert_num_queries(5):
        client.get(URL)


def test_business_support_get_a_lookup_not_the_case_files(org, client_for):
    client = client_for(org.bella)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Find a child" in response.content
    response = client.get(URL, {"q": "Dale"})
    assert b"2000001" in response.content
    assert b"Priya" in response.content or org.priya.last_name.encode() in response.content
    # The lookup shows who holds the case, never a link to the case file.
    assert reverse("people:child-detail", args=["2000001"]).encode() not in response.content
    assert b"Date of birth" not in response.content


def test_business_support_lookup_needs_a_search(org, client_for):
    response = client_for(org.bella).get(URL, {"q": ""})
    assert b"Enter a case ID or a child&#x27;s name" in response.content


def test_business_support_lookup_leaves_out_closed_cases(org, client_for):
    org.dan.is_open = False
    org.dan.save()
    response = client_for(org.bella).get(URL, {"q": "2000001"})
    assert b"No open case matches" in response.content


def test_a_moderator_alone_has_no_children_list(org, client_for):
    response = client_for(org.mo).get(URL)
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content
