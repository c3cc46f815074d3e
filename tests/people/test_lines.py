"""The organisation's lines (bexley_qa/people/lines.py): who is over a team or a service, and the
one place roles are listed together."""

import re
from pathlib import Path

from bexley_qa.people import lines
from bexley_qa.people.models import RoleCode
from tests.factories import TeamFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_the_line_over_a_team_runs_from_its_managers_to_the_assistant_director(org):
    ada = UserFactory(username="ada", roles=[RoleCode.ASSISTANT_DIRECTOR])
    org.service_a.assistant_director = ada
    org.service_a.save()
    over = lines.managers_over(org.team_a)
    assert [(o.person.username, o.part) for o in over] == [
        ("tom", "Team manager, Assessment"),
        ("sam", "Service manager, Service A"),
        ("hana", "Head of service, Service A"),
        ("ada", "Assistant director, Service A"),
    ]
    nearest = lines.managers_over(org.team_a, through=RoleCode.SERVICE_MANAGER)
    assert [o.person for o in nearest] == [org.tom, org.sam]
    assert set(lines.people_over(org.service_a)) == {org.sam, org.hana, ada}
    assert set(lines.managers_within(org.service_a)) == {org.tom, org.sam, org.hana, ada}


def test_only_people_on_and_holding_the_role_they_are_recorded_in_are_over_a_team(org):
    # A manager recorded against the team who has since lost the role, and one switched off.
    former = UserFactory(username="former", roles=[RoleCode.PRACTITIONER])
    gone = UserFactory(username="gone", roles=[RoleCode.TEAM_MANAGER], is_active=False)
    org.team_a.managers.add(former, gone)
    assert list(lines.team_managers(org.team_a)) == [org.tom]
    assert lines.manages_team(org.tom, org.team_a.pk)
    assert not lines.manages_team(former, org.team_a.pk)
    # ...but neither is independent of the team's cases.
    assert lines.in_or_over_team(former, org.team_a.pk)


def test_what_a_manager_is_over(org):
    other = TeamFactory(name="Early help", service=org.service_a)
    assert set(lines.teams_managed_by(org.hana)) == {org.team_a, other}
    assert set(lines.teams_managed_by(org.tom)) == {org.team_a}
    assert set(lines.own_teams(org.tom)) == {org.team_a}
    assert set(lines.own_teams(org.hana)) == set()
    assert set(lines.teams_managed_by(org.pat)) == {org.team_a, org.team_b, other}


def test_the_psqa_head_of_service_holds_both_roles(org):
    head = UserFactory(username="phos", roles=[RoleCode.PSQA, RoleCode.HEAD_OF_SERVICE])
    assert list(lines.psqa_head_of_service()) == [head]
    assert set(lines.psqa_officers()) == {org.pat, head}


# Roles are listed together only in the lines module.
ROLE_LIST = re.compile(r"RoleCode\.[A-Z_]+\s*,\s*(\*|RoleCode\.)|role__in=[\[(]\s*RoleCode")


def test_roles_are_listed_together_only_in_the_lines_module():
    found = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in ("tests", ".venv") or "migrations" in relative.parts:
            continue
        if relative.as_posix() == "bexley_qa/people/lines.py" or "demo" in relative.name:
            continue
        text = path.read_text()
        found += [f"{relative}: {m.group(0)}" for m in ROLE_LIST.finditer(text)]
    assert found == []
