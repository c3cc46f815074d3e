"""Fixtures shared by every test: a small organisation with a person in each role.

Two services, each with one team; people have fixed names, so pages can be checked for them.
Alice (practitioner) and Tom (team manager) work in the
Assessment team of Service A; Sam manages Service A and Hana heads it. Priya and Tariq are their
counterparts in Service B's Care team. Dee (deputy director) and Pat (PSQA) see everything;
Bella (business support) may look children up but not open case files; Mo (moderator) sees no
children until audits are allocated to him. Charlie should have no access to anyone's children.

`audit` is an audit of Amy's case (Alice's, in Tom's Assessment team) allocated to Tariq, who
manages the Care team in the other service; Bella allocated it. `fully_scored`, `graded` and
`ready` take it further along the workflow.
"""

import pytest
from django.test import Client
from django.utils import timezone

from audits import services
from audits.models import AreaScore, Audit
from audits.practice_areas import PRACTICE_AREAS
from bexley_qa.notifications.services import notifications_dispatch
from bexley_qa.people.models import PlanType, RoleCode
from feedback import services as feedback_services

from .factories import ChildFactory, ServiceFactory, TeamFactory, UserFactory
from .helpers import action


@pytest.fixture(autouse=True)
def _no_two_factor_unless_asked(settings):
    """Tests sign people in with force_login; two-factor sign-in has its own tests
    (tests/people/test_two_factor.py), which turn it back on. Production has it on (a settings
    test checks the default)."""
    settings.REQUIRE_TWO_FACTOR = False


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
def client_for(db):
    """A signed-in test client of the user's own: `client_for(org.alice).get(...)`.

    Each person gets their own client (and session), so a test that uses two people's clients
    never sees one signed in as the other."""
    clients = {}

    def signed_in(user):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    return signed_in


@pytest.fixture
def send_outbox(mailoutbox):
    """Run the outbox dispatcher as the worker would; returns the emails sent so far."""

    def send():
        notifications_dispatch()
        return mailoutbox

    return send


@pytest.fixture
def audit(org):
    return services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)


@pytest.fixture
def fully_scored(audit, org):
    """Every practice area scored 5 (a complete audit form, ready to grade)."""
    AreaScore.objects.bulk_create(
        [
            AreaScore(
                audit=audit,
                area=a.number,
                score=5,
                worked_well=f"Strength {a.number}",
                updated_by=org.tariq,
            )
            for a in PRACTICE_AREAS
        ]
    )
    return audit


@pytest.fixture
def graded(org, fully_scored):
    """Grade the fully scored audit (its meeting booked, Section 1 saved): `graded(2)`, or
    `graded(6, kind="practice_week")`."""

    def grade(value, kind=None):
        if kind:
            Audit.objects.filter(pk=fully_scored.pk).update(kind=kind)
        # As in a real audit: the meeting took place and Section 1 was checked first.
        services.audit_book_meeting(
            actor=org.tariq, audit=fully_scored, meeting_date=timezone.localdate()
        )
        services.audit_section_1_save(
            actor=org.tariq, audit=fully_scored, data={"practice_observation": "required"},
            version=None,
        )  # fmt: skip
        return services.audit_grade(
            actor=org.tariq,
            audit=fully_scored,
            grade=value,
            outstanding=False,
            impact_summary="Some",
        )

    return grade


@pytest.fixture
def found_inadequate(org, graded):
    """A graded-Inadequate audit with everything recorded but its outcome not yet sent."""
    audit = graded(2)
    for person in (org.alice, org.stella):
        services.self_assessment_waive(
            actor=org.tariq, audit=audit, author=person, reason="On leave"
        )
    feedback_services.feedback_not_obtained_record(
        actor=org.tariq, audit=audit, kind="child", reason="Aged 2"
    )
    feedback_services.feedback_family_save(
        actor=org.tariq,
        audit=audit,
        data={"contact_date": timezone.localdate(), "role": "Mother", "going_well": "Visits"},
        scores={n: n for n in range(1, 10)},
    )
    action(org, audit, what="Safety plan with the network", owner=org.tom, immediate=True)
    action(org, audit, what="Practice observation", owner=org.tom, practice_observation=True)
    return audit


@pytest.fixture
def ready(org, found_inadequate):
    """A graded-Inadequate audit that meets every completion rule: its outcome is sent."""
    return services.audit_send_outcome(actor=org.tariq, audit=found_inadequate)


@pytest.fixture
def council_sign_on(settings):
    """Council single sign-on against a local OpenID Connect provider that signs real RS256 ID
    tokens (tests/oidc_provider.py)."""
    from .oidc_provider import Provider

    with Provider() as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "bexley_qa.people.oidc.CouncilSignOnBackend",
        ]
        yield provider
