"""The README's "Switching it on for a council", walked from an empty service: the first PSQA
officer, the staff file, a payload client, the council's cohort sent as its client sends it,
the next night's partial payloads from the folder, and PSQA signed in with the children there."""

import json
from io import StringIO

from django.core.management import call_command

from bexley_qa.imports.models import ImportRun
from bexley_qa.people import demo_files
from bexley_qa.people.management.commands import seed_demo
from bexley_qa.people.models import CaseSystemPurge, Child, RoleCode, Service, Team, User

from .payloads import CouncilClient


def test_from_an_empty_service_to_psqa_with_the_councils_staff_and_children(
    db, client, tmp_path, monkeypatch, capsys, settings
):
    # The demo's files, as seed_demo writes them into demo/; then the walk starts from nothing.
    monkeypatch.setattr(seed_demo, "DEMO_FOLDER", tmp_path / "seeded")
    call_command("seed_demo", "--force", stdout=StringIO())
    staff, cohort = demo_files.write(tmp_path)
    seeded = _lines()
    seed_demo._delete_organisation()
    assert not User.objects.exists() and not Child.objects.exists()

    call_command("create_psqa_officer", "quinn.lead@council.example", "--first-name", "Quinn",
                 "--last-name", "Lead")  # fmt: skip
    quinn = User.objects.get(email="quinn.lead@council.example")
    assert quinn.has_role(RoleCode.PSQA)
    assert "a PSQA officer" in capsys.readouterr().out

    call_command("import_staff", str(tmp_path / "staff.csv"), "--as", quinn.username)
    assert f"Imported staff.csv: {staff} new" in capsys.readouterr().out
    assert Team.objects.count() == 16
    # The lines came with the file: every team has its managers, and the heads of service and
    # assistant directors are over a service each (a second one is set on People and teams).
    assert not Team.objects.filter(managers__isnull=True).exists()
    imported = _lines()
    assert imported["teams"] <= seeded["teams"] and imported["services"] <= seeded["services"]
    assert len(imported["services"]) >= 4

    settings.CSC_API_LA_CODE = "303"  # in .env
    out = StringIO()
    call_command("csc_api_client", "add", "Case system nightly", "--la-code", "303", stdout=out,
                 stderr=StringIO())  # fmt: skip
    credentials = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    council = CouncilClient(client, la_code="303", **credentials)
    payloads = json.loads((tmp_path / "payloads" / "cohort.json").read_text())
    assert len(council.send(payloads)) == cohort > 1000
    assert Child.objects.count() == cohort
    assert ImportRun.objects.filter(via="api", status="imported").count() == -(-cohort // 100)

    # The next night: a new worker, a closure and a withdrawn record, from the export folder.
    call_command("import_csc_payloads", str(tmp_path / "payloads" / "changes.jsonl"))
    summary = ImportRun.objects.latest("pk").summary_text()
    assert summary == "1 new worker, 1 closed, 1 removal asked", summary
    assert CaseSystemPurge.objects.filter(status="pending").count() == 1

    client.force_login(quinn)
    page = " ".join(client.get("/children/").content.decode().split())
    assert f"of <strong>{cohort}</strong> children" in page
    retention = client.get("/manage/retention/").content.decode()
    assert "Withdrawn by the case system" in retention


def _lines() -> dict[str, set]:
    """Who is over which team and service, by Staff ID (the same people before and after)."""
    return {
        "teams": {(t.name, m.staff_id) for t in Team.objects.all() for m in t.managers.all()},
        "services": {
            (s.name, role, person.staff_id)
            for s in Service.objects.all()
            for role, person in (("head", s.head_of_service), ("AD", s.assistant_director))
            if person
        },
    }
