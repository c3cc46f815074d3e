"""The staff file: people, their roles, teams and services from the council's own list, checked
whole, refused whole, the same file twice changing nothing; leavers switched off with their open
work listed."""

import io

import pytest
from django.core.management import CommandError, call_command

from bexley_qa.history import history_of
from bexley_qa.imports import services
from bexley_qa.imports.models import ImportRun
from bexley_qa.people.models import RoleCode, Service, Team, User

from .conftest import csv_bytes

STAFF_HEADER = [
    "Staff ID", "First name", "Last name", "Email", "Job title", "Team", "Service", "Roles",
    "Active",
]  # fmt: skip


def person_row(**cells) -> list[str]:
    row = {
        "Staff ID": "W100", "First name": "Nadia", "Last name": "Noor",
        "Email": "nadia.noor@example.org", "Job title": "Social worker", "Team": "Assessment",
        "Service": "Service A", "Roles": "Practitioner", "Active": "Yes",
    } | cells  # fmt: skip
    return [row[c] for c in STAFF_HEADER]


def confirm(client_for, user, content):
    return client_for(user).post(
        "/imports/staff/confirm/", {"sha256": services.digest(content)}, follow=True
    )


def test_psqa_import_staff_new_teams_and_services_and_the_same_file_changes_nothing(
    org, upload, client_for, tmp_path
):
    content = csv_bytes(
        [
            person_row(),  # new, in a known team
            person_row(**{"Staff ID": "W101", "First name": "Omar", "Last name": "Okafor",
                          "Email": "omar.okafor@example.org", "Job title": "Team manager",
                          "Team": "Hospital Social Work", "Service": "Health and Disability",
                          "Roles": "Team manager; Moderator"}),  # new team in a new service
            person_row(**{"Staff ID": "W7", "First name": org.tom.first_name,
                          "Last name": org.tom.last_name, "Email": org.tom.email.upper(),
                          "Job title": "Team manager", "Team": org.team_b.name, "Service": "",
                          "Roles": "team manager"}),  # known by email: gets a Staff ID, moves
        ],
        STAFF_HEADER,
    )  # fmt: skip
    page = " ".join(upload(org.pat, "staff", content).content.decode().split())
    assert "Every row is correct" in page, page
    assert ">New</strong>" in page
    assert (
        "New, new team Hospital Social Work, new service Health and Disability, manages team "
        "Hospital Social Work" in page
    )
    assert "Moved team, details updated, manages team Care" in page
    assert not User.objects.filter(staff_id="W100").exists()  # nothing until confirmed
    text = " ".join(confirm(client_for, org.pat, content).content.decode().split())
    assert "2 new, 1 moved team, 2 now over a team or service, 1 details updated" in text
    assert "The Staff IDs of each change" in text and "W100, W101" in text
    nadia = User.objects.get(staff_id="W100")
    assert (nadia.get_full_name(), nadia.team, nadia.role_labels()) == (
        "Nadia Noor",
        org.team_a,
        ["Practitioner"],
    )
    assert not nadia.has_usable_password()  # they sign in through the council's sign-on
    omar = User.objects.get(staff_id="W101")
    assert omar.team.name == "Hospital Social Work"
    assert omar.team.service.name == "Health and Disability"
    assert set(omar.role_codes) == {RoleCode.TEAM_MANAGER, RoleCode.MODERATOR}
    org.tom.refresh_from_db()
    assert (org.tom.staff_id, org.tom.team) == ("W7", org.team_b)
    # The line over each team follows: its team managers are told of its audits, see its children.
    assert list(omar.team.managers.all()) == [omar]
    assert org.tom in org.team_b.managers.all()
    assert org.tom in org.team_a.managers.all()  # lines are only added: PSQA take one away
    # The same file again, by the command: everyone as they are, nothing written.
    history = history_of(User).objects.count()
    path = tmp_path / "staff.csv"
    path.write_bytes(content)
    call_command("import_staff", str(path), "--as", org.pat.username, stdout=(out := io.StringIO()))
    assert "3 unchanged" in out.getvalue()
    assert history_of(User).objects.count() == history
    assert Service.objects.filter(name="Health and Disability").count() == 1


def test_a_messy_staff_file_is_refused_whole_with_each_rows_problem(org, upload):
    content = csv_bytes(
        [
            person_row(),  # fine on its own
            person_row(**{"Staff ID": "W102", "Email": "x@example.org", "Roles": "Wizard"}),
            person_row(**{"Staff ID": "W103", "Email": "y@example.org", "Active": "Maybe"}),
            person_row(**{"Staff ID": "W104", "Email": "z@example.org", "Team": "Nowhere",
                          "Service": ""}),
            person_row(**{"Staff ID": "W105", "Email": "w@example.org", "Service": "Service B"}),
            person_row(**{"Email": "v@example.org"}),  # W100 again
            person_row(**{"Staff ID": "W106"}),  # nadia's email again
            person_row(**{"Staff ID": "W107", "Email": org.tom.email}),
            person_row(**{"Staff ID": "W108", "Email": "not an address"}),
        ],
        STAFF_HEADER,
    )  # fmt: skip
    page = " ".join(upload(org.pat, "staff", content).content.decode().split())
    for problem in [
        "Row 3, Roles: There is no role called Wizard: use Practitioner",
        "Row 4, Active: Active must be Yes or No",
        "Row 5, Service: Nowhere is a new team: say which service it is in",
        "Row 6, Service: The team Assessment is in Service A, not Service B",
        "Row 7, Staff ID: Staff ID W100 is also on row 2: list each person once",
        "Row 8, Email: nadia.noor@example.org is also on row 2: one row each",
        "Row 10, Email: not an address is not an email address",
    ]:
        assert problem in page, problem
    assert not User.objects.filter(staff_id__startswith="W10").exists()
    assert not Team.objects.filter(name="Nowhere").exists()


def test_a_leaver_is_switched_off_not_deleted_and_their_open_work_listed(
    org, audit, upload, client_for
):
    """The auditor of an open audit leaves: their account is switched off (they cannot sign in),
    kept with everything they did, and the run's page lists their audit for PSQA to reallocate."""
    auditor = audit.auditor
    row = person_row(**{"Staff ID": "W200", "First name": auditor.first_name,
                        "Last name": auditor.last_name, "Email": auditor.email, "Job title": "",
                        "Team": auditor.team.name, "Service": "", "Active": "No",
                        "Roles": "; ".join(auditor.role_labels())})  # fmt: skip
    content = csv_bytes([row], STAFF_HEADER)
    assert "Switched off" in upload(org.pat, "staff", content).content.decode()
    text = " ".join(confirm(client_for, org.pat, content).content.decode().split())
    assert "1 switched off" in text
    assert "Open work of the people switched off" in text
    assert f"{auditor} (W200) audits {audit.reference}: reallocate to another auditor" in text
    auditor.refresh_from_db()
    assert not auditor.is_active
    assert client_for(auditor).get("/").status_code == 302  # signed out: to the sign-in page


def test_psqa_cannot_switch_themselves_off_by_file(org, upload, client_for):
    content = csv_bytes(
        [person_row(**{"Staff ID": "W300", "First name": org.pat.first_name,
                       "Last name": org.pat.last_name, "Email": org.pat.email, "Team": "",
                       "Service": "", "Roles": "PSQA officer", "Active": "No"})],
        STAFF_HEADER,
    )  # fmt: skip
    upload(org.pat, "staff", content)
    text = confirm(client_for, org.pat, content).content.decode()
    assert "You cannot switch off your own account" in text
    org.pat.refresh_from_db()
    assert org.pat.is_active and org.pat.staff_id == ""
    assert ImportRun.objects.get(kind="staff").status == "refused"


def test_only_psqa_import_staff(org, client_for, upload, tmp_path):
    for user in (org.bella, org.tom, org.alice):
        assert client_for(user).get("/imports/staff/").status_code == 403
    assert b"Staff and teams" not in client_for(org.bella).get("/imports/").content
    assert b"Import staff from a file" in client_for(org.pat).get("/manage/people/").content
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes([person_row()], STAFF_HEADER))
    with pytest.raises(CommandError, match="--as"):
        call_command("import_staff", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="may not run this import"):
        call_command("import_staff", str(path), "--as", org.bella.username, stdout=io.StringIO())


def test_a_leaver_the_service_never_held_gets_no_account(org, upload, client_for):
    content = csv_bytes([person_row(**{"Active": "No"})], STAFF_HEADER)
    assert "Not added (not active)" in upload(org.pat, "staff", content).content.decode()
    text = " ".join(confirm(client_for, org.pat, content).content.decode().split())
    assert "1 not added (not active)" in text
    assert not User.objects.filter(staff_id="W100").exists()


def test_the_file_places_service_managers_heads_and_assistant_directors_over_their_service(
    org, tmp_path
):
    rows = [
        person_row(**{"Staff ID": "S1", "First name": "Sara", "Last name": "Shah", "Email":
                      "sara@example.org", "Team": "", "Service": org.service_b.name,
                      "Roles": "Service manager"}),
        person_row(**{"Staff ID": "H1", "First name": "Hugo", "Last name": "Hill", "Email":
                      "hugo@example.org", "Team": "", "Service": org.service_a.name,
                      "Roles": "Head of service"}),  # in place of Hana
        person_row(**{"Staff ID": "A1", "First name": "Ada", "Last name": "Ames", "Email":
                      "ada@example.org", "Team": "", "Service": "Early Help",
                      "Roles": "Assistant director"}),  # a service not known yet
        person_row(**{"Staff ID": "P1", "First name": "Pip", "Last name": "Pym", "Email":
                      "pip@example.org", "Team": "", "Service": org.service_b.name,
                      "Roles": "Practitioner"}),  # over nothing: the Service is not theirs
    ]  # fmt: skip
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(rows, STAFF_HEADER))
    call_command("import_staff", str(path), "--as", org.pat.username, stdout=(out := io.StringIO()))
    assert "4 new, 3 now over a team or service" in out.getvalue()
    org.service_a.refresh_from_db()
    assert org.service_a.head_of_service.staff_id == "H1"
    assert [m.staff_id for m in org.service_b.managers.all()] == ["S1"]
    assert Service.objects.get(name="Early Help").assistant_director.staff_id == "A1"
    assert not User.objects.get(staff_id="P1").managed_services.exists()
    call_command("import_staff", str(path), "--as", org.pat.username, stdout=(out := io.StringIO()))
    assert "4 unchanged" in out.getvalue()


def test_two_heads_of_one_service_in_a_file_are_refused(org, tmp_path):
    rows = [
        person_row(**{"Staff ID": f"H{n}", "First name": "Hugo", "Last name": f"Hill{n}",
                      "Email": f"hugo{n}@example.org", "Team": "", "Service": org.service_a.name,
                      "Roles": "Head of service"})
        for n in (1, 2)
    ]  # fmt: skip
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(rows, STAFF_HEADER))
    with pytest.raises(CommandError):
        call_command(
            "import_staff", str(path), "--as", org.pat.username, stderr=(err := io.StringIO())
        )
    assert "Row 3, Service: Row 2 is the head of service of Service A too: a service has one" in (
        err.getvalue()
    )
