import pytest

from bexley_qa.people import access


def case_ids(queryset):
    return sorted(queryset.values_list("case_id", flat=True))


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("alice", ["1000001", "1000002"]),  # her own caseload
        ("stella", ["1000001"]),  # the family she supports as Staying Together worker
        ("tom", ["1000001", "1000002", "1000003"]),  # his team
        ("sam", ["1000001", "1000002", "1000003"]),  # his service
        ("hana", ["1000001", "1000002", "1000003"]),  # the service she heads
        ("priya", ["2000001"]),
        ("tariq", ["2000001"]),
        ("dee", ["1000001", "1000002", "1000003", "2000001"]),  # the whole directorate
        ("pat", ["1000001", "1000002", "1000003", "2000001"]),  # PSQA: everything
        ("bella", []),  # business support never open case files
        ("mo", []),  # moderators see audits allocated to them, not case files
        ("charlie", []),  # no role, no access
    ],
)
def test_children_visible_to_each_role(org, person, expected):
    assert case_ids(access.children_visible_to(getattr(org, person))) == expected


def test_anonymous_and_inactive_users_see_nothing(org):
    from django.contrib.auth.models import AnonymousUser

    assert not access.children_visible_to(AnonymousUser()).exists()
    org.pat.is_active = False
    org.pat.save()
    assert not access.children_visible_to(org.pat).exists()


def test_a_team_manager_sees_their_team_only_while_recorded_as_its_manager(org):
    org.team_a.managers.remove(org.tom)
    assert case_ids(access.children_visible_to(org.tom)) == []


def test_scope_needs_the_role_as_well_as_the_link(org):
    # Sam is still recorded against Service A, but no longer holds the service manager role.
    org.sam.role_grants.all().delete()
    org.sam.__dict__.pop("role_codes", None)
    assert case_ids(access.children_visible_to(org.sam)) == []


def test_someone_with_two_roles_sees_both_scopes(org):
    from bexley_qa.people.models import RoleCode, UserRole

    UserRole.objects.create(user=org.priya, role=RoleCode.TEAM_MANAGER)
    org.priya.__dict__.pop("role_codes", None)
    org.team_a.managers.add(org.priya)
    assert case_ids(access.children_visible_to(org.priya)) == [
        "1000001", "1000002", "1000003", "2000001"
    ]  # fmt: skip


def test_business_support_and_psqa_may_look_up_open_children_for_allocation(org):
    org.cara.is_open = False
    org.cara.save()
    assert case_ids(access.children_for_allocation_lookup(org.bella)) == [
        "1000001", "1000002", "2000001"
    ]  # fmt: skip
    assert access.children_for_allocation_lookup(org.pat).count() == 3
    for person in (org.alice, org.tom, org.dee, org.mo):
        assert not access.children_for_allocation_lookup(person).exists()


def test_teams_and_services_in_each_managers_scope(org):
    assert list(access.teams_managed_by(org.tom)) == [org.team_a]
    assert list(access.teams_managed_by(org.sam)) == [org.team_a]
    assert list(access.teams_managed_by(org.hana)) == [org.team_a]
    assert set(access.teams_managed_by(org.dee)) == {org.team_a, org.team_b}
    assert list(access.services_managed_by(org.hana)) == [org.service_a]
    assert not access.teams_managed_by(org.alice).exists()


def test_an_assistant_director_sees_the_services_they_are_recorded_over(org):
    from bexley_qa.people.models import RoleCode

    from ..factories import UserFactory

    ada = UserFactory(username="ada", roles=[RoleCode.ASSISTANT_DIRECTOR])
    assert case_ids(access.children_visible_to(ada)) == []  # the role alone gives no scope
    org.service_a.assistant_director = ada
    org.service_a.save()
    assert case_ids(access.children_visible_to(ada)) == ["1000001", "1000002", "1000003"]
    assert list(access.services_managed_by(ada)) == [org.service_a]
    assert access.oversees_services(ada) and access.can_audit(ada)
