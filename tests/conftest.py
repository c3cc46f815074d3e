"""Fixtures shared by every test: a small organisation with a person in each role.

Two services, each with one team; people have fixed names, so pages can be checked for them.
Alice (practitioner) and Tom (team manager) work in the
Assessment team of Service A; Sam manages Service A and Hana heads it. Priya and Tariq are their
counterparts in Service B's Care team. Dee (deputy director) and Pat (PSQA) see everything;
Bella (business support) may look children up but not open case files; Mo (moderator) sees no
children until audits are allocated to him. Charlie should have no access to anyone's children.
"""

import pytest

from bexley_qa.notifications.services import notifications_dispatch
from bexley_qa.people.models import PlanType, RoleCode

from .factories import ChildFactory, ServiceFactory, TeamFactory, UserFactory


@pytest.fixture
def org(db):
    class Org:
        pass

    o = Org()
    o.service_a = ServiceFactory(name="Service A")
    o.service_b = ServiceFactory(name="Service B")
    o.team_a = TeamFactory(name="Assessment", service=o.service_a)
    o.team_b = TeamFactory(name="Care", service=o.service_b)

    o.alice = UserFactory(
        username="alice",
        first_name="Alice",
        last_name="Adams",
        team=o.team_a,
        roles=[RoleCode.PRACTITIONER],
    )
    o.stella = UserFactory(
        username="stella",
        first_name="Stella",
        last_name="Stone",
        roles=[RoleCode.PRACTITIONER, RoleCode.STAYING_TOGETHER_WORKER],
    )
    o.tom = UserFactory(
        username="tom",
        first_name="Tom",
        last_name="Turner",
        team=o.team_a,
        roles=[RoleCode.TEAM_MANAGER],
    )
    o.team_a.managers.add(o.tom)
    o.sam = UserFactory(
        username="sam", first_name="Sam", last_name="Shah", roles=[RoleCode.SERVICE_MANAGER]
    )
    o.service_a.managers.add(o.sam)
    o.hana = UserFactory(
        username="hana", first_name="Hana", last_name="Hughes", roles=[RoleCode.HEAD_OF_SERVICE]
    )
    o.service_a.head_of_service = o.hana
    o.service_a.save()

    o.priya = UserFactory(
        username="priya",
        first_name="Priya",
        last_name="Patel",
        team=o.team_b,
        roles=[RoleCode.PRACTITIONER],
    )
    o.tariq = UserFactory(
        username="tariq",
        first_name="Tariq",
        last_name="Taylor",
        team=o.team_b,
        roles=[RoleCode.TEAM_MANAGER],
    )
    o.team_b.managers.add(o.tariq)

    o.dee = UserFactory(
        username="dee", first_name="Dee", last_name="Dixon", roles=[RoleCode.DEPUTY_DIRECTOR]
    )
    o.pat = UserFactory(username="pat", first_name="Pat", last_name="Price", roles=[RoleCode.PSQA])
    o.bella = UserFactory(
        username="bella", first_name="Bella", last_name="Bell", roles=[RoleCode.BUSINESS_SUPPORT]
    )
    o.mo = UserFactory(username="mo", first_name="Mo", last_name="Moss", roles=[RoleCode.MODERATOR])
    o.charlie = UserFactory(username="charlie", first_name="Charlie", last_name="Clarke")

    # Alice's two children (Stella supports one as Staying Together worker), one of her
    # colleague's in the same team, and Priya's child in the other service.
    o.amy = ChildFactory(
        case_id="1000001", first_name="Amy", last_name="Archer", team=o.team_a,
        allocated_worker=o.alice, staying_together_worker=o.stella,
    )  # fmt: skip
    o.ben = ChildFactory(
        case_id="1000002", first_name="Ben", last_name="Baker", team=o.team_a,
        allocated_worker=o.alice, plan_type=PlanType.CHILD_PROTECTION,
    )  # fmt: skip
    o.colleague = UserFactory(
        username="colin",
        first_name="Colin",
        last_name="Cole",
        team=o.team_a,
        roles=[RoleCode.PRACTITIONER],
    )
    o.cara = ChildFactory(
        case_id="1000003", first_name="Cara", last_name="Cole", team=o.team_a,
        allocated_worker=o.colleague,
    )  # fmt: skip
    o.dan = ChildFactory(
        case_id="2000001", first_name="Dan", last_name="Dale", team=o.team_b,
        allocated_worker=o.priya, plan_type=PlanType.CHILD_LOOKED_AFTER,
    )  # fmt: skip
    return o


@pytest.fixture
def client_for(client):
    """Sign a user in on the test client: `client_for(org.alice).get(...)`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def send_outbox(mailoutbox):
    """Run the outbox dispatcher as the worker would; returns the emails sent so far."""

    def send():
        notifications_dispatch()
        return mailoutbox

    return send
