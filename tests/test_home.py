import pytest
from django.urls import reverse

URL = reverse("home")


@pytest.mark.parametrize(
    ("person", "sections", "absent"),
    [
        ("alice", ["Self-assessments to complete", "Your caseload"], ["Audits to prepare"]),
        ("tom", ["Audits to prepare", "Your team", "Your team's cases being audited"], ["Your caseload"]),
        ("sam", ["Audits to prepare", "Your service"], ["Your team"]),
        ("hana", ["Audits to prepare", "Your service"], ["Your caseload"]),
        ("dee", ["Audits to prepare", "Services"], ["Your caseload"]),
        ("pat", ["Services", "Moderation"], ["Audits to prepare"]),
        ("bella", ["Find a child to allocate for audit", "Audits you have allocated"], ["Open cases"]),
        ("mo", ["Moderations allocated to you"], ["Your caseload", "Open cases"]),
        ("charlie", ["Your account has no role"], ["Your caseload"]),
    ],
)  # fmt: skip
def test_each_role_lands_on_what_needs_its_attention(org, client_for, person, sections, absent):
    response = client_for(getattr(org, person)).get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    for text in sections:
        assert text in content
    for text in absent:
        assert text not in content


def test_practitioner_sees_their_caseload_by_plan_type(org, client_for):
    content = client_for(org.alice).get(URL).content.decode()
    assert "<strong>2 open cases</strong>" in content
    assert "Child in need" in content
    assert "Child protection" in content


def test_team_manager_sees_team_counts(org, client_for):
    response = client_for(org.tom).get(URL)
    (team,) = response.context["teams"]
    assert team == org.team_a
    assert team.open_children == 3
    assert team.practitioners == 2  # Alice and Colin


def test_closed_cases_are_not_counted(org, client_for):
    org.ben.is_open = False
    org.ben.save()
    assert b"<strong>1 open case</strong>" in client_for(org.alice).get(URL).content
    (service,) = client_for(org.sam).get(URL).context["services"]
    assert service.open_children == 2


def test_directorate_sees_every_service(org, client_for):
    from bexley_qa.people.models import Service

    Service.objects.create(name="Service C")  # new: no teams yet
    services = client_for(org.dee).get(URL).context["services"]
    assert [(s.name, s.open_children, s.team_count) for s in services] == [
        ("Service A", 3, 1),
        ("Service B", 1, 1),
        ("Service C", 0, 0),
    ]


def test_empty_states_say_what_will_appear(org, client_for):
    org.tom.managed_teams.clear()
    content = client_for(org.tom).get(URL).content.decode()
    assert "You are not recorded as the manager of any team" in content
    assert "When business support allocate you a case from another team to audit" in content


def test_it_requires_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_navigation_fits_the_roles(org, client_for):
    nav = [item.label for item in client_for(org.alice).get(URL).context["navigation"]]
    assert nav == ["Home", "Children", "Audits", "Dashboard", "Practice Week", "QA calendar"]
    nav = [item.label for item in client_for(org.bella).get(URL).context["navigation"]]
    assert nav == ["Home", "Find a child", "Audits", "QA calendar", "Imports"]
    nav = [item.label for item in client_for(org.mo).get(URL).context["navigation"]]
    assert nav == ["Home", "QA calendar"]


def test_psqas_navigation_groups_results_and_management_onto_one_line(org, client_for):
    client = client_for(org.pat)
    navigation = client.get(URL).context["navigation"]
    labels = [item.label for item in navigation]
    assert "Results and reports" in labels and "Manage" in labels
    assert "Imports" not in labels and "Outbox" not in labels
    assert len(labels) <= 9
    manage = client.get(reverse("more", args=["manage"]))
    assert [label for label, _, _ in manage.context["items"]][:2] == ["Imports", "People and teams"]
    here = client.get(reverse("imports:index")).context["navigation"]
    assert [item.label for item in here if item.current] == ["Manage"]
    assert client_for(org.alice).get(reverse("more", args=["manage"])).status_code == 404
    assert client.get("/more/nothing/").status_code == 404


def test_the_child_search_on_the_home_page_puts_no_csrf_token_in_the_url(org, client_for):
    content = client_for(org.bella).get(URL).content.decode()
    search = content[content.index('<form method="get"') :]
    search = search[: search.index("</form>")]
    assert "csrfmiddlewaretoken" not in search


def test_a_long_list_shows_its_first_ten_and_how_many_in_all(org, client_for):
    """A home panel lists HOME_ITEMS of its items, in its order, and says how many there are:
    a directorate's home page would otherwise list hundreds."""
    from audits import services
    from bexley_qa.panels import HOME_ITEMS

    from .factories import ChildFactory

    for number in range(HOME_ITEMS + 2):
        child = ChildFactory(
            case_id=f"30000{number:02}", team=org.team_a, allocated_worker=org.alice
        )
        services.audit_allocate(actor=org.bella, child=child, auditor=org.tariq)
    page = client_for(org.tom).get(URL).content.decode()
    listed = page.split("Your team's cases being audited")[1].split("</table>")[0]
    assert listed.count("Case 30000") + listed.count(">30000") == HOME_ITEMS
    assert f"{HOME_ITEMS} of {HOME_ITEMS + 2} shown" in page


def test_a_listed_panel_counts_only_when_there_are_more(org, django_assert_num_queries):
    from bexley_qa.panels import Listed
    from bexley_qa.people.models import User

    people = User.objects.order_by("pk")
    with django_assert_num_queries(1):
        every = Listed(people, limit=100)
    assert (len(every), every.more, every.total) == (people.count(), False, people.count())
    with django_assert_num_queries(2):
        first = Listed(people, limit=3)
    assert [p.pk for p in first] == [p.pk for p in people[:3]]
    assert (first.more, first.total) == (True, people.count())
    assert not Listed(people.none())
