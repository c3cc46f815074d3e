"""DfE Children's Social Care payloads built from the layout data-to-insight's dfe-csc-api-data-flows
documents (docs/json_payload_structure.md, "Structure based on DfE specification v0.7"), with the
blocks this service does not read filled in too, and a client that behaves as that project's
council client does (api_pipeline/auth.py and api.py): a token by client credentials, then the
payloads posted in batches of 100 as a JSON array, the answer checked against the batch."""

import json
import re
from datetime import date, datetime, timedelta

BATCH_SIZE = 100
SUBMISSION = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{2}:\d{2}:\d{2}\.\d{6}_[0-9a-f-]{36}$")


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def worker(worker_id: str, start: date, end: date | None = None) -> dict:
    return {"worker_id": worker_id, "start_date": iso(start), "end_date": iso(end)}


def plan(kind: str, plan_id: str, start: date, end: date | None = None) -> dict:
    """kind: child_in_need_plan, child_protection_plan or child_looked_after_placement."""
    entry = {f"{kind}_id": plan_id, "start_date": iso(start), "end_date": iso(end), "purge": False}
    if kind == "child_looked_after_placement":
        entry |= {"start_reason": "S", "placement_type": "U1", "postcode": "DA5 1AA",
                  "end_reason": None, "change_reason": None}  # fmt: skip
    return entry


def episode(
    episode_id: str,
    referral: date,
    *,
    closure: date | None = None,
    workers=(),
    cin=(),
    cp=(),
    cla=(),
    leaver: date | None = None,
) -> dict:
    return {
        "social_care_episode_id": episode_id,
        "referral_date": iso(referral),
        "referral_source": "1A",
        "referral_no_further_action_flag": False,
        "closure_date": iso(closure),
        "closure_reason": "RC1" if closure else None,
        "care_worker_details": list(workers),
        "child_and_family_assessments": [
            {
                "child_and_family_assessment_id": f"{episode_id}-A",
                "start_date": iso(referral),
                "authorisation_date": iso(referral + timedelta(days=30)),
                "factors": ["2B", "3A"],
                "purge": False,
            }
        ],  # fmt: skip
        "child_in_need_plans": list(cin),
        "section_47_assessments": [],
        "child_protection_plans": list(cp),
        "child_looked_after_placements": list(cla),
        "adoption": None,
        "care_leavers": (
            {"contact_date": iso(leaver), "activity": "F2", "accommodation": "S", "purge": False}
            if leaver
            else None
        ),
        "purge": False,
    }


def payload(
    case_id: str,
    *,
    first_name="Ava",
    surname="Stone",
    born: date = date(2014, 5, 1),
    sex="F",
    ethnicity="WBRI",
    episodes=(),
) -> dict:
    return {
        "la_child_id": case_id,
        "mis_child_id": f"MIS{case_id}",
        "purge": False,
        "child_details": {
            "unique_pupil_number": "A123456789012",
            "former_unique_pupil_number": None,
            "unique_pupil_number_unknown_reason": None,
            "first_name": first_name,
            "surname": surname,
            "date_of_birth": iso(born),
            "expected_date_of_birth": None,
            "sex": sex,
            "ethnicity": ethnicity,
            "disabilities": ["NONE"],
            "postcode": "DA6 7AT",
            "uasc_flag": False,
            "uasc_end_date": None,
            "purge": False,
        },
        "health_and_wellbeing": {
            "sdq_assessments": [{"date": "2026-01-10", "score": 14}],
            "purge": False,
        },  # fmt: skip
        "social_care_episodes": list(episodes),
    }


def purge(case_id: str) -> dict:
    """The client's deletion payload: the ids and the purge flag, nothing else."""
    return {"la_child_id": case_id, "mis_child_id": f"MIS{case_id}", "purge": True}


class CouncilClient:
    """The council's payload client, pointed at this service: its API_ENDPOINT, TOKEN_ENDPOINT,
    client id and secret changed, and nothing else (the scope is the one DfE gave it)."""

    def __init__(self, http, *, client_id, client_secret, la_code, scope="api://dfe-csc/.default"):
        self.http, self.la_code = http, la_code
        self.credentials = {"client_id": client_id, "client_secret": client_secret, "scope": scope}

    def token(self):
        response = self.http.post(
            "/api/token/", {**self.credentials, "grant_type": "client_credentials"}
        )
        return response.json()["access_token"] if response.status_code == 200 else None

    def post(self, batch, token, **extra):
        return self.http.post(
            f"/children_social_care_data/{self.la_code}/children",
            data=json.dumps(batch),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_SUPPLIERKEY="supplier-key",
            **extra,
        )

    def send(self, payloads) -> list[str]:
        """Every payload sent, a batch at a time; what each was stored as, checked as the client
        checks it (one answer per payload, each a timestamp and a UUID)."""
        token = self.token()
        assert token, "no token"
        stored = []
        for start in range(0, len(payloads), BATCH_SIZE):
            batch = payloads[start : start + BATCH_SIZE]
            response = self.post(batch, token)
            assert response.status_code == 200, response.content
            answers = response.json()
            assert isinstance(answers, list) and len(answers) == len(batch)
            for answer in answers:
                assert SUBMISSION.match(answer), answer
                day, time, _uuid = answer.split("_")
                datetime.strptime(f"{day} {time}", "%Y-%m-%d %H:%M:%S.%f")
            stored += answers
        return stored


def failed_indexes(response) -> set[int]:
    """Which payloads of a refused batch the client marks as failed: the indexes in square
    brackets in the answer's text (api.py's handle_batch_failure)."""
    return {int(found) for found in re.findall(r"\[(\d+)\]", response.content.decode())}
