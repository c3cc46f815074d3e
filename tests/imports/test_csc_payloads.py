"""Children from the DfE Children's Social Care payloads: one reader, through the command, the
folder, the upload page and the endpoint the council's own payload client sends to."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application

from bexley_qa.history import history_of
from bexley_qa.imports import services
from bexley_qa.imports.models import ImportRun, PayloadClient, PayloadSubmission
from bexley_qa.notifications.models import Notification
from bexley_qa.people.models import CaseSystemPurge, CaseSystemRecord, Child, PlanType

from .payloads import CouncilClient, episode, failed_indexes, payload, plan, purge, worker

TODAY = timezone.localdate()
AGO = lambda days: TODAY - timedelta(days=days)  # noqa: E731


@pytest.fixture
def staffed(org):
    """The org's practitioners with their Staff IDs (the case system's worker ids)."""
    for person, staff_id in ((org.alice, "SW1"), (org.priya, "SW2"), (org.colleague, "SW3"),
                             (org.tom, "TM1")):  # fmt: skip
        person.staff_id = staff_id
        person.save(update_fields=["staff_id"])
    return org


def cohort(size=12) -> list[dict]:
    """A council's children: every plan, a care leaver, a closed case, moves between workers."""
    children = []
    for n in range(size):
        case_id = f"30{n:04d}"
        workers = [worker("SW2", AGO(400), AGO(200)), worker("SW1" if n % 2 else "SW3", AGO(199))]
        kind = n % 4
        blocks = {
            0: {"cin": [plan("child_in_need_plan", f"CIN{n}", AGO(150))]},
            1: {"cp": [plan("child_protection_plan", f"CP{n}", AGO(120))],
                "cin": [plan("child_in_need_plan", f"CIN{n}", AGO(300), AGO(121))]},
            2: {"cla": [plan("child_looked_after_placement", f"PL{n}", AGO(90))],
                "cp": [plan("child_protection_plan", f"CP{n}", AGO(200))]},
            3: {"leaver": AGO(20)},
        }[kind]  # fmt: skip
        children.append(
            payload(
                case_id, first_name=f"Child{n}", surname="Example", born=AGO(3000 + 97 * n),
                sex="MFU"[n % 3], ethnicity=("WBRI", "BAFR", "MWBC", "AIND")[kind],
                episodes=[
                    episode(f"E{n}-1", AGO(900), closure=AGO(700), workers=[worker("SW2", AGO(900))]),
                    episode(f"E{n}-2", AGO(400), workers=workers, **blocks),
                ],
            )
        )  # fmt: skip
    return children


def write(path, payloads, *, lines=False):
    path.write_text(
        "\n".join(json.dumps(p) for p in payloads) if lines else json.dumps(payloads, indent=1)
    )
    return path


@pytest.fixture
def council(db, client, settings):
    """A payload client for local authority 303, as `csc_api_client add` makes it."""
    from io import StringIO

    settings.CSC_API_LA_CODE = "303"
    out = StringIO()
    call_command("csc_api_client", "add", "Case system nightly", "--la-code", "303", stdout=out,
                 stderr=StringIO())  # fmt: skip
    lines = out.getvalue().splitlines()
    assert [line.split("=")[0] for line in lines] == ["client_id", "client_secret"]
    credentials = dict(line.split("=", 1) for line in lines)
    return CouncilClient(client, la_code="303", **credentials)


def test_the_command_reads_a_json_array_a_jsonl_file_and_a_folder_and_maps_each_child(
    staffed, tmp_path, capsys
):
    org = staffed
    children = cohort()
    write(tmp_path / "first.json", children[:6])
    write(tmp_path / "second.jsonl", children[6:], lines=True)
    call_command("import_csc_payloads", str(tmp_path))
    assert "Imported first.json: 6 new." in capsys.readouterr().out
    held = {c.case_id: c for c in Child.objects.filter(case_id__startswith="30")}
    assert len(held) == 12
    cin, cp, cla, leaver = (held[f"30{n:04d}"] for n in range(4))
    assert (cin.plan_type, cp.plan_type, cla.plan_type, leaver.plan_type) == (
        PlanType.CHILD_IN_NEED, PlanType.CHILD_PROTECTION, PlanType.CHILD_LOOKED_AFTER,
        PlanType.PATHWAY_PLAN,
    )  # fmt: skip
    # The open episode's current worker (not the one who held it before), and so the team.
    assert (cin.allocated_worker, cin.team) == (org.colleague, org.team_a)
    assert (cp.allocated_worker, cp.team) == (org.alice, org.team_a)
    assert cin.referral_date == AGO(400) and cin.is_open and cin.closed_on is None
    assert (cin.first_name, cin.date_of_birth, cin.gender, cin.ethnicity) == (
        "Child0", AGO(3000), "male", "WBRI"
    )  # fmt: skip
    assert (cp.gender, cla.gender, cin.first_language) == ("female", "not_known", "Not known")
    # Only ids and dates of the episodes are kept, for the next partial payload.
    kept = CaseSystemRecord.objects.get(child=cla).episodes
    assert [e["social_care_episode_id"] for e in kept] == ["E2-1", "E2-2"]
    assert "postcode" not in json.dumps(kept) and "factors" not in json.dumps(kept)
    # The same files again change nothing.
    events = history_of(Child).objects.count()
    call_command("import_csc_payloads", str(tmp_path))
    assert "Imported second.jsonl: 6 unchanged." in capsys.readouterr().out
    assert history_of(Child).objects.count() == events


def test_a_bad_payload_is_refused_with_its_index_and_where_in_it(staffed, tmp_path):
    children = cohort(8)
    children[1]["child_details"]["date_of_birth"] = (TODAY + timedelta(days=3)).isoformat()
    children[2]["social_care_episodes"][1]["care_worker_details"][1]["worker_id"] = "NOBODY"
    del children[3]["la_child_id"]
    del children[4]["child_details"]
    children[5]["social_care_episodes"][1]["closure_date"] = AGO(5).isoformat()  # none open
    children[6]["social_care_episodes"][1]["care_worker_details"][1]["worker_id"] = "TM1"
    children[7]["child_details"]["ethnicity"] = "XXXX"
    with pytest.raises(CommandError, match="7 problem"):
        call_command("import_csc_payloads", str(write(tmp_path / "batch.json", children)))
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REFUSED and not Child.objects.filter(
        case_id__startswith="30"
    )
    assert run.problems == [
        "[1] child 300001, child_details/date_of_birth: Date of birth must not be in the future",
        "[2] child 300002, social_care_episodes/1/care_worker_details/1/worker_id: No one here has "
        "the Staff ID NOBODY: import the staff first",
        "[3] la_child_id: la_child_id is missing: each payload names its child",
        "[4] child 300004, child_details: child_details is missing: each payload gives the child's "
        "details",
        "[5] child 300005, social_care_episodes/1: Case 300005 is closed and not in the app: only "
        "open cases are added",
        "[6] child 300006, social_care_episodes/1/care_worker_details/1/worker_id: Tom Turner is "
        "not a practitioner",
        "[7] child 300007, child_details/ethnicity: Ethnicity must be a Department for Education "
        "code (like WBRI) or its name",
    ]


def test_the_council_client_sends_in_batches_of_100_and_the_same_batch_again_changes_nothing(
    staffed, council
):
    children = cohort(230)
    stored = council.send(children)
    assert len(stored) == 230 and len(set(stored)) == 230
    assert Child.objects.filter(case_id__startswith="30").count() == 230
    runs = ImportRun.objects.filter(via=ImportRun.Via.API).order_by("pk")
    assert [r.file_name for r in runs] == [
        "Case system nightly: a batch of 100", "Case system nightly: a batch of 100",
        "Case system nightly: a batch of 30",
    ]  # fmt: skip
    assert runs[0].summary_text() == "100 new"
    # Each answer names a stored submission: its batch, its place in it and its child.
    first = PayloadSubmission.objects.get(id=stored[101].rsplit("_", 1)[1])
    assert (first.run, first.position, first.child.case_id, first.change) == (
        runs[1], 1, "300101", "new"
    )  # fmt: skip
    # The change history says which batch each change came from.
    event = history_of(Child).objects.filter(pgh_obj__case_id="300101").get()
    assert event.pgh_context.metadata["import_file"] == "Case system nightly: a batch of 100"
    events = history_of(Child).objects.count()
    council.send(children[:100])
    assert history_of(Child).objects.count() == events
    assert ImportRun.objects.latest("pk").summary_text() == "100 unchanged"


def test_a_batch_with_one_bad_payload_is_refused_whole_naming_that_payload(staffed, council):
    children = cohort(100)
    children[37]["child_details"]["date_of_birth"] = (TODAY + timedelta(days=1)).isoformat()
    response = council.post(children, council.token())
    assert response.status_code == 400
    assert failed_indexes(response) == {37}  # the others are "valid but batch failed"
    assert response.json()["errors"] == [
        "[37] child 300037, child_details/date_of_birth: Date of birth must not be in the future"
    ]
    assert not Child.objects.filter(case_id__startswith="30").exists()
    assert not PayloadSubmission.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED  # PSQA see it was refused
    # and are told, once a day however many batches are refused
    email = Notification.objects.get(template="payloads-refused", recipient=staffed.pat)
    assert "[37] child 300037, child_details/date_of_birth" in email.body_text
    council.post(children, council.token())
    assert Notification.objects.filter(template="payloads-refused").count() == 1


def test_a_malformed_or_oversized_batch_is_refused(staffed, council, settings):
    token = council.token()
    assert council.post({"la_child_id": "1"}, token).status_code == 400
    assert council.post(cohort(101), token).json()["message"] == (
        "A batch holds at most 100 payloads; this one has 101"
    )
    deep = payload("300001")
    deep["child_details"]["disabilities"] = json.loads("[" * 50 + "]" * 50)
    assert "nested too deeply" in council.post([deep], token).json()["message"]
    settings.CSC_API_MAX_BYTES = 2000
    response = council.post(cohort(3), token)
    assert (response.status_code, response.json()["error"]) == (413, "payload_too_large")
    assert not ImportRun.objects.exists()


def test_tokens_wrong_secret_revoked_expired_missing_and_another_councils_code(
    staffed, council, client
):
    children = cohort(2)
    wrong = CouncilClient(
        client, client_id=council.credentials["client_id"], client_secret="guessed", la_code="303"
    )
    assert wrong.token() is None
    assert client.post("/api/token/", {**wrong.credentials, "grant_type": "client_credentials"}
                       ).status_code == 401  # fmt: skip
    token = council.token()
    assert council.post(children, "not-a-token").status_code == 401
    no_token = client.post(
        "/children_social_care_data/303/children", data=json.dumps(children),
        content_type="application/json",
    )  # fmt: skip
    assert no_token.status_code == 401 and no_token["WWW-Authenticate"].startswith("Bearer")
    elsewhere = CouncilClient(client, la_code="304", **{
        k: v for k, v in council.credentials.items() if k != "scope"})  # fmt: skip
    assert elsewhere.post(children, token).status_code == 403
    with pytest.raises(CommandError, match="takes local authority 303's children"):
        call_command("csc_api_client", "add", "Next door", "--la-code", "304")
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert council.post(children, token).status_code == 401  # expired after an hour
    assert council.post(children, token).status_code == 200
    call_command("csc_api_client", "revoke", "Case system nightly")
    assert council.post(children, token).status_code == 401
    assert council.token() is None
    assert not AccessToken.objects.exists()
    assert PayloadClient.objects.get().revoked_at is not None  # who it was is kept


def test_only_a_hash_of_the_secret_is_kept(council):
    (application,) = Application.objects.all()
    assert application.client_secret != council.credentials["client_secret"]
    assert application.client_secret.startswith(("argon2", "pbkdf2"))


def test_a_client_past_its_rate_limit_is_told_to_wait(staffed, council, settings):
    settings.CSC_API_REQUESTS_PER_MINUTE = 2
    token = council.token()
    with time_machine.travel(timezone.now(), tick=False):  # within one minute's count
        statuses = [council.post(cohort(1), token).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_partial_payloads_change_only_what_they_carry(staffed, council):
    org = staffed
    (child,) = cohort(1)  # a child in need, with Colin (SW3)
    council.send([child])
    held = Child.objects.get(case_id="300000")
    assert (held.allocated_worker, held.plan_type) == (org.colleague, PlanType.CHILD_IN_NEED)
    # The client's partial mode: the required fields, then only the changed list items, each
    # with its id and changed fields. Colin's involvement ends; Priya (another team) takes over.
    partial = {
        "la_child_id": "300000", "mis_child_id": "MIS300000", "child_details": child["child_details"],
        "social_care_episodes": [{
            "social_care_episode_id": "E0-2",
            "care_worker_details": [worker("SW3", AGO(199), AGO(1)), worker("SW2", TODAY)],
        }],
    }  # fmt: skip
    council.send([partial])
    held.refresh_from_db()
    assert (held.allocated_worker, held.team) == (org.priya, org.team_b)
    assert held.referral_date == AGO(400) and held.plan_type == PlanType.CHILD_IN_NEED
    # A child protection plan starts; then it is withdrawn as entered in error (purge).
    partial["social_care_episodes"] = [{"social_care_episode_id": "E0-2", "child_protection_plans": [
        plan("child_protection_plan", "CP-NEW", AGO(1))]}]  # fmt: skip
    council.send([partial])
    held.refresh_from_db()
    assert held.plan_type == PlanType.CHILD_PROTECTION
    partial["social_care_episodes"][0]["child_protection_plans"][0]["purge"] = True
    council.send([partial])
    held.refresh_from_db()
    assert held.plan_type == PlanType.CHILD_IN_NEED
    # The episode closes.
    partial["social_care_episodes"] = [
        {"social_care_episode_id": "E0-2", "closure_date": AGO(0).isoformat(), "purge": False}
    ]
    council.send([partial])
    held.refresh_from_db()
    assert (held.is_open, held.closed_on) == (False, TODAY)
    assert ImportRun.objects.latest("pk").summary_text() == "1 closed"


def test_a_purge_is_kept_for_psqa_and_never_deletes_the_child(staffed, council):
    org = staffed
    council.send(cohort(2))
    council.send([purge("300000"), purge("999999")])  # one held, one never held
    asked = CaseSystemPurge.objects.get()
    assert (asked.child.case_id, asked.status) == ("300000", CaseSystemPurge.Status.PENDING)
    assert asked.asked_in == "Case system nightly: a batch of 2"
    assert Child.objects.filter(case_id="300000").exists()
    assert ImportRun.objects.latest("pk").summary_text() == "1 removal asked, 1 unchanged"
    council.send([purge("300000")])  # asked again while it waits: nothing new
    assert CaseSystemPurge.objects.count() == 1
    assert org.amy.purges.count() == 0


def test_the_nightly_folder_job_picks_up_payload_files(staffed, tmp_path, settings):
    settings.CASE_SYSTEM_EXPORTS_DIR = tmp_path
    write(tmp_path / "csc_2026-12-06.jsonl", cohort(3), lines=True)
    (run,) = services.exports_import()
    assert (run.kind, run.via, run.summary_text()) == ("csc-payloads", "folder", "3 new")
    assert services.exports_import() == []  # the same file: once


def test_psqa_upload_payloads_see_each_checked_then_import(staffed, upload, client_for):
    org = staffed
    content = json.dumps(cohort(3)).encode()
    page = " ".join(
        upload(org.pat, "csc-payloads", content, "cohort.json").content.decode().split()
    )
    assert "Every payload is correct" in page and "[2]" in page and "Child2 Example" in page
    response = client_for(org.pat).post(
        "/imports/csc-payloads/confirm/", {"sha256": services.digest(content)}, follow=True
    )
    assert "cohort.json is imported: 3 new" in response.content.decode()
    assert Child.objects.filter(case_id__startswith="30").count() == 3


def test_the_run_page_lists_each_submission_with_what_it_changed(staffed, council, client_for):
    stored = council.send(cohort(2))
    run = ImportRun.objects.get()
    page = " ".join(client_for(staffed.pat).get(run.get_absolute_url()).content.decode().split())
    assert stored[0] in page and stored[1] in page
    assert "300000" in page and "New" in page


def test_psqa_decide_each_withdrawn_record_and_one_with_an_audit_is_kept(
    staffed, council, client_for, audit
):
    org = staffed
    council.send(cohort(1))
    amy = payload(org.amy.case_id)  # Amy has an audit
    council.send(
        [purge("300000"), {**purge(org.amy.case_id), "child_details": amy["child_details"]}]
    )
    email = Notification.objects.get(template="records-withdrawn", recipient=org.pat)
    assert (
        "asked for 2 children's records to be purged. Nothing has been removed." in email.body_text
    )
    pat = client_for(org.pat)
    page = " ".join(pat.get("/manage/retention/").content.decode().split())
    assert "Withdrawn by the case system" in page and "300000" in page and "Amy Archer" in page
    assert client_for(org.tom).get("/manage/retention/").status_code == 403
    asked_amy = CaseSystemPurge.objects.get(child=org.amy)
    assert (
        client_for(org.tom).get(f"/manage/retention/withdrawn/{asked_amy.pk}/").status_code == 403
    )
    # Amy's record holds an audit: it cannot be anonymised, only kept with a reason.
    refused = pat.post(f"/manage/retention/withdrawn/{asked_amy.pk}/", {"decision": "anonymise"},
                       follow=True)  # fmt: skip
    assert "Case 1000001 has records here" in refused.content.decode()
    org.amy.refresh_from_db()
    assert org.amy.anonymised_at is None
    assert "Enter why the record is kept" in pat.post(
        f"/manage/retention/withdrawn/{asked_amy.pk}/", {"reason": ""}).content.decode()  # fmt: skip
    pat.post(
        f"/manage/retention/withdrawn/{asked_amy.pk}/",
        {"reason": "Audited: kept under the schedule"},
    )
    asked_amy.refresh_from_db()
    assert (asked_amy.status, asked_amy.decided_by) == (CaseSystemPurge.Status.KEPT, org.pat)
    # The other child, held for nothing else, is anonymised; its kept episodes go too.
    other = CaseSystemPurge.objects.get(child__case_id="300000")
    pat.post(f"/manage/retention/withdrawn/{other.pk}/", {"decision": "anonymise"})
    other.refresh_from_db()
    assert other.status == CaseSystemPurge.Status.ANONYMISED and other.child.anonymised_at
    assert not CaseSystemRecord.objects.filter(child=other.child).exists()
    # Decided: a second post changes nothing.
    assert (
        pat.post(f"/manage/retention/withdrawn/{other.pk}/", {"decision": "anonymise"}).status_code
        == 404
    )


def test_u_keeps_a_gender_held_as_other_and_m_or_f_set_it(staffed, council):
    org = staffed
    org.cara.gender = "other"
    org.cara.save()
    cara = payload(org.cara.case_id, first_name="Cara", surname="Cole", born=org.cara.date_of_birth,
                   sex="U", episodes=[episode("EC", org.cara.referral_date,
                                              workers=[worker("SW3", org.cara.referral_date)])])  # fmt: skip
    council.send([cara])
    org.cara.refresh_from_db()
    assert org.cara.gender == "other"
    cara["child_details"]["sex"] = "F"
    council.send([cara])
    org.cara.refresh_from_db()
    assert org.cara.gender == "female"


def test_the_preview_says_what_a_purge_will_do(staffed, upload):
    org = staffed
    content = "\n".join(json.dumps(p) for p in [purge(org.amy.case_id), purge("999999")]).encode()
    page = " ".join(
        upload(org.pat, "csc-payloads", content, "purges.jsonl").content.decode().split()
    )
    assert "Asks for the record to be purged: PSQA decide (nothing is removed)" in page
    assert "Asks for the record to be purged: not held here, so nothing to do" in page


def test_the_childs_change_history_names_the_batch_each_change_came_from(staffed, council):
    from bexley_qa.people.records import subject_access_pack

    council.send(cohort(1))
    (section,) = subject_access_pack(Child.objects.get(case_id="300000"))["groups"][0].sections
    assert [line.who for line in section.changes] == [
        "The system, importing Case system nightly: a batch of 1"
    ]


def test_no_client_is_made_until_the_councils_code_is_set(db, settings):
    settings.CSC_API_LA_CODE = ""
    with pytest.raises(CommandError, match="Set CSC_API_LA_CODE"):
        call_command("csc_api_client", "add", "Case system nightly", "--la-code", "303")
    assert not PayloadClient.objects.exists()


def test_refused_token_requests_wait_but_do_not_count_the_good_ones(council, client):
    from django.core.cache import cache

    from bexley_qa.imports import api

    address = "203.0.113.7"  # the test's own: no other test's requests count against it

    def ask(secret):
        form = {**council.credentials, "grant_type": "client_credentials"}
        return client.post("/api/token/", {**form, "client_secret": secret}, REMOTE_ADDR=address)

    # One minute's count, however long the requests take (the counts are kept per minute).
    with time_machine.travel(timezone.now(), tick=False):
        try:
            for _ in range(40):  # the council's own requests are never refused for their number
                assert ask(council.credentials["client_secret"]).status_code == 200
            assert {ask("guess").status_code for _ in range(31)} == {401, 429}
            # The same address, refused too often: a minute's wait, even with the right secret.
            assert ask(council.credentials["client_secret"]).status_code == 429
        finally:
            cache.delete(api._counter(f"token-refused:{address}"))


def test_a_batch_without_its_length_is_refused(staffed, council):
    response = council.http.post(
        "/children_social_care_data/303/children", data=b"", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {council.token()}",
    )  # fmt: skip
    assert response.status_code == 411


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda p: p.update(la_child_id="300/1"),
         "[0] child 300/1, la_child_id: A case ID is letters and digits (with . - or _), as the case "
         "management system gives it"),
        (lambda p: p.update(la_child_id=True), '[0] la_child_id: la_child_id must be text, like "1000123"'),
        (lambda p: p["child_details"].update(first_name=["x"]),
         '[0] child 300000, child_details/first_name: first_name must be text, like "1000123"'),
        (lambda p: p["child_details"].update(surname="Stone\u202e"),
         "[0] child 300000, child_details/surname: surname has a character that turns the text around"),
        (lambda p: p["child_details"].update(date_of_birth="0001-01-01"),
         "[0] child 300000, child_details/date_of_birth: date_of_birth must be after 1900: is it a placeholder?"),
        (lambda p: p["child_details"].update(date_of_birth="2015-1-1"),
         "[0] child 300000, child_details/date_of_birth: date_of_birth must be a date as YYYY-MM-DD, like "
         "2026-12-03"),
    ],
)  # fmt: skip
def test_values_that_cannot_be_a_childs_are_refused_naming_the_payload(
    staffed, council, spoil, reason
):
    (child,) = cohort(1)
    spoil(child)
    response = council.post([child], council.token())
    assert (response.status_code, response.json()["errors"]) == (400, [reason])
    assert not Child.objects.filter(first_name="Child0").exists()


def test_a_character_that_is_not_text_or_a_nan_is_refused_whole(staffed, council):
    token = council.token()
    (child,) = cohort(1)
    child["child_details"]["first_name"] = "Ch\x00ild"
    response = council.post([child], token)
    assert (
        response.json()["message"] == "Payload [0] has a character that is not text: is it damaged?"
    )
    body = json.dumps(cohort(1)).replace('"sex": "M"', '"sex": NaN')
    nan = council.http.post("/children_social_care_data/303/children", data=body,
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert (nan.status_code, nan.json()["message"]) == (400, "The body is not valid JSON")


def test_a_payload_with_a_key_named_first_is_still_told_it_is_a_duplicate(staffed, council):
    first, second = cohort(1) * 2
    second = {**second, "first": 1}
    response = council.post([first, second], council.token())
    assert response.json()["errors"] == [
        "[1] la_child_id: Child 300000 is also payload 0: send each child once"
    ]


def test_anonymising_a_child_takes_their_case_id_out_of_every_import_run(
    staffed, council, tmp_path
):
    from bexley_qa.people import records

    council.send(cohort(2))
    bad = cohort(2)
    bad[1]["child_details"]["date_of_birth"] = "2999-01-01"
    council.post(bad, council.token())  # refused, naming payload [1], child 300001
    child = Child.objects.get(case_id="300001")
    records.anonymise(child)
    texts = json.dumps([(r.changes, r.problems) for r in ImportRun.objects.all()])
    assert "300001" not in texts and f"ANON{child.pk}" in texts
    assert "300000" in texts  # the other child's stay
