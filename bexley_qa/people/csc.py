"""Children from the DfE Children's Social Care data API's payloads: the JSON a council already
builds from its Standard Safeguarding Dataset and sends to the DfE (data-to-insight's
dfe-csc-api-data-flows), read here three ways with this one reader: a file on the command line
(`import_csc_payloads`) or in the nightly export folder (`*.json`, an array of payloads, or
`*.jsonl`, one a line), an upload on the import page, and the council's own payload client
sending batches to the endpoint (bexley_qa/imports/api.py).

Each payload is one child. What is read of it, and nothing else is kept:
- `la_child_id` is the case ID; `child_details` gives the first name, surname, date of birth, sex
  (M, F or U) and ethnicity (a DfE code, like WBRI);
- the current social care episode (the open one with the latest referral; none open: the case is
  closed on the latest `closure_date`) gives the referral date and, through its current
  `care_worker_details` entry (no end date, or one to come; the latest start), whose `worker_id` is
  a Staff ID from the staff import, the allocated worker and so the team;
- the plan type is the episode's strongest open plan: looked after with an open placement, else
  child protection, else child in need, else a care leaver's pathway plan (`care_leavers`); an
  episode with none yet (a referral being assessed) is a child in need.
A child the payloads first bring in has "Not known" as their first language (the payload does not
say it) and no Staying Together worker; a child already held keeps theirs.

Partial payloads (the client's partial mode: only the blocks and list items that changed, lists
matched by their `..._id`) change only what they carry: each child's episodes as last sent are
kept (`CaseSystemRecord`: ids and dates only) and the partial one is laid over them. An item with
`purge: true` (an episode, a worker, a plan, a placement, a care leaver block) is taken out;
`purge: true` on the child (or its `child_details`) never deletes anything: it is recorded for
PSQA to decide (`CaseSystemPurge`). Then every payload is checked as a row of the children export
is (bexley_qa/people/feed.py), so the rules are the same whichever way a child arrives; each
problem names the payload's index in square brackets and where in it, as a JSON pointer
(`[3] child_details/date_of_birth: ...`), which is how the council's client finds the payloads
refused.
"""

import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from typing import BinaryIO, ClassVar

import ijson
from django.utils import timezone

from bexley_qa.importing import (
    BATCH_ROWS,
    LARGE_MAX_BYTES,
    LARGE_MAX_ROWS,
    MAX_BYTES,
    MAX_ROWS,
    Checked,
    Duplicates,
    Import,
    ImportFileError,
    Problem,
    problem_adder,
)

from . import emails
from .access import can_open_case_files, can_run_imports
from .feed import CHANGES, NEW, UNCHANGED, UPDATED, ChildRow, check_children, write_children
from .models import CaseSystemPurge, CaseSystemRecord, Child, Gender, PlanType, User

PURGE_ASKED = "removal asked"
# What the import reports for each payload, in the one order the pages show it.
OUTCOMES = (*CHANGES[:-1], PURGE_ASKED, UNCHANGED)
# A payload nested deeper than this is not a child's record (and could not be kept for a preview).
MAX_DEPTH = 12
# The longest line of a .jsonl file: one child's payload.
MAX_LINE_BYTES = 1024 * 1024
NOT_KNOWN_LANGUAGE = "Not known"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_YEAR = 1900  # 0001-01-01 is a placeholder, not a child's birth
# Characters that turn text around on the page (right-to-left overrides and isolates).
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

SEX = {"M": Gender.MALE, "F": Gender.FEMALE, "U": Gender.NOT_KNOWN}
# An episode's lists that decide who holds the case and on what plan, each item matched by its
# id from one payload to the next; only its dates are kept.
BLOCKS = {
    "care_worker_details": "worker_id",
    "child_looked_after_placements": "child_looked_after_placement_id",
    "child_protection_plans": "child_protection_plan_id",
    "child_in_need_plans": "child_in_need_plan_id",
}
ITEM_DATES = ("start_date", "end_date")
EPISODE_DATES = ("referral_date", "closure_date")
# The strongest plan first: the block that shows it.
PLANS = (
    ("child_looked_after_placements", PlanType.CHILD_LOOKED_AFTER),
    ("child_protection_plans", PlanType.CHILD_PROTECTION),
    ("child_in_need_plans", PlanType.CHILD_IN_NEED),
)


@dataclass(frozen=True)
class PayloadProblem(Problem):
    """A problem in a payload: its index in the batch or file, the child it names (so PSQA know
    whose record to have corrected), and where in it."""

    child: str = ""

    def __str__(self) -> str:
        where = [f"[{self.row}]", *([f"child {self.child},"] if self.child else [])]
        if self.column:
            where.append(self.column)
        return f"{' '.join(where).rstrip(',')}: {self.message}"


@dataclass
class PayloadRow:
    number: int  # the payload's index in its batch or file, from 0, as the client counts
    cells: object  # the payload as sent (kept as it is for the preview)
    problems: list[Problem] = field(default_factory=list)
    child: Child | None = None  # the child on record (after writing, also a new one)
    child_row: ChildRow | None = None  # the child as the children export would have them
    episodes: list | None = None  # the child's episodes with this payload laid over them
    changes: list[str] = field(default_factory=list)
    # Where each of the export's columns came from in the payload (for its problems), and the
    # current worker's Staff ID and place.
    sources: dict[str, str] = field(default_factory=dict)
    worker_id: str = ""
    worker_at: str = ""
    submission: object = None  # the endpoint's name for it (a UUID), once accepted
    note: str = ""  # what the preview says of a payload that changes no child's details

    Problem: ClassVar[type] = PayloadProblem

    @property
    def case_id(self) -> str:
        return case_id_of(self.cells)

    @property
    def change_text(self) -> str:
        return ", ".join(self.changes) or UNCHANGED

    @property
    def change_text_without_details(self) -> str:
        return ", ".join(c for c in self.changes if c != UPDATED) or "Ready"

    @property
    def shown(self) -> dict:
        """What the preview shows of it: the child as they will be held."""
        return self.child_row.cells if self.child_row else {"Case ID": self.case_id}


def value(item, key: str) -> str:
    """A payload's id or text as text: a string, or a whole number for an id; "" for anything
    else (null, true, a list: refused where it matters, by `typed`)."""
    found = item.get(key) if isinstance(item, dict) else None
    if isinstance(found, str):
        return found.strip()
    if isinstance(found, int) and not isinstance(found, bool):
        return str(found)
    return ""


def typed(item: dict, key: str, at: str, problem) -> str:
    """`value`, with a problem when the payload holds something there that is not text."""
    if item.get(key) not in (None, "") and not value(item, key):
        problem(at, f'{key} must be text, like "1000123"')
    return value(item, key)


def case_id_of(payload) -> str:
    return value(payload, "la_child_id")


# Reading: a file (an array or one payload a line) or a batch -------------------------------------


def _checked_payload(payload, index: int):
    """The payload, if it can be a child's record: nested no deeper than MAX_DEPTH, and no text
    holding a character that is not text (which the database cannot keep either)."""
    stack = [(payload, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImportFileError(f"Payload [{index}] is nested too deeply to be a child's record")
        if isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and "\x00" in item:
            raise ImportFileError(
                f"Payload [{index}] has a character that is not text: is it damaged?"
            )
    return payload


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _from_array(file: BinaryIO) -> Iterator:
    start = file.read(64).lstrip()
    file.seek(0)
    if not start.lstrip(b"\xef\xbb\xbf").startswith(b"["):
        raise ImportFileError(
            "A .json file must hold an array of payloads, [{...}, {...}], as the client sends them"
        )
    try:
        yield from ijson.items(file, "item", use_float=True)
    except ijson.JSONError as error:
        raise ImportFileError(f"The file is not valid JSON ({error}): is it damaged?") from None


def _from_lines(file: BinaryIO) -> Iterator:
    for number in itertools.count(1):
        line = file.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise ImportFileError(f"Line {number} is longer than 1 MB: one child's payload a line")
        if line.strip():
            try:
                yield json.loads(line, parse_constant=_refuse_constant)
            except (ValueError, RecursionError):
                raise ImportFileError(f"Line {number} is not valid JSON: is it damaged?") from None


class PayloadReader:
    """The payloads of a .json or .jsonl file, or of one batch the endpoint received."""

    suffixes = (".json", ".jsonl")

    def read(self, name: str, content: bytes) -> list[PayloadRow]:
        return list(
            itertools.chain.from_iterable(
                self._batches(name, io.BytesIO(content), MAX_ROWS, MAX_BYTES)
            )
        )

    def stream(self, name: str, file: BinaryIO) -> Iterator[list[PayloadRow]]:
        return self._batches(name, file, LARGE_MAX_ROWS, LARGE_MAX_BYTES)

    def _batches(self, name, file, max_rows, max_bytes) -> Iterator[list[PayloadRow]]:
        suffix = PurePath(name).suffix.lower()
        if suffix not in self.suffixes:
            raise ImportFileError("The file must be DfE payloads as .json (an array) or .jsonl")
        if file.seek(0, io.SEEK_END) > max_bytes:
            raise ImportFileError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
        file.seek(0)
        payloads = _from_array(file) if suffix == ".json" else _from_lines(file)
        rows = (
            PayloadRow(number=index, cells=_checked_payload(payload, index))
            for index, payload in enumerate(payloads)
        )
        found = False
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            found = True
            if batch[-1].number >= max_rows:
                raise ImportFileError(
                    f"The file has more than {max_rows:,} payloads: split it into smaller files"
                )
            yield batch
        if not found:
            raise ImportFileError("The file holds no payloads")

    def batch(self, body: bytes, *, most: int) -> list[PayloadRow]:
        """The payloads of a batch the endpoint received: a JSON array of at most `most`."""
        try:
            payloads = json.loads(body, parse_constant=_refuse_constant)
        except (ValueError, RecursionError):
            raise ImportFileError("The body is not valid JSON") from None
        if not isinstance(payloads, list) or not payloads:
            raise ImportFileError("The body must be a JSON array of payloads, one per child")
        if len(payloads) > most:
            raise ImportFileError(
                f"A batch holds at most {most} payloads; this one has {len(payloads)}"
            )
        return [
            PayloadRow(number=index, cells=_checked_payload(payload, index))
            for index, payload in enumerate(payloads)
        ]


# Laying a payload's episodes over those held ------------------------------------------------------


def _date(value, at: str, problem) -> str | None:
    """A payload's date (YYYY-MM-DD, or null), as ISO text; a problem if it is anything else."""
    if value in (None, ""):
        return None
    name = at.rsplit("/", 1)[-1]
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            day = datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            pass
        else:
            if day.year >= EARLIEST_YEAR:
                return day.isoformat()
            problem(at, f"{name} must be after {EARLIEST_YEAR}: is it a placeholder?")
            return None
    problem(at, f"{name} must be a date as YYYY-MM-DD, like 2026-12-03")
    return None


def _merge(held: list, sent, problem) -> list:
    """The child's episodes as held with the payload's laid over them, item by item (by id)."""
    if not isinstance(sent, list):
        problem("social_care_episodes", "social_care_episodes must be a list of episodes")
        return held
    episodes = {e["social_care_episode_id"]: dict(e) for e in held}
    for i, item in enumerate(sent):
        at = f"social_care_episodes/{i}"
        if not isinstance(item, dict):
            problem(at, "Each episode must be a JSON object")
            continue
        episode_id = typed(item, "social_care_episode_id", f"{at}/social_care_episode_id", problem)
        if not episode_id:
            problem(f"{at}/social_care_episode_id", "social_care_episode_id is missing")
            continue
        if item.get("purge") is True:
            episodes.pop(episode_id, None)
            continue
        episode = episodes.setdefault(episode_id, {"social_care_episode_id": episode_id})
        for key in EPISODE_DATES:
            if key in item:
                episode[key] = _date(item[key], f"{at}/{key}", problem)
        if "care_leavers" in item:
            leaver = item["care_leavers"]
            if not leaver or (isinstance(leaver, dict) and leaver.get("purge") is True):
                episode.pop("care_leavers", None)
            elif isinstance(leaver, dict):
                contact = leaver.get(
                    "contact_date", (episode.get("care_leavers") or {}).get("contact_date")
                )
                episode["care_leavers"] = {
                    "contact_date": _date(contact, f"{at}/care_leavers/contact_date", problem)
                }
            else:
                problem(f"{at}/care_leavers", "care_leavers must be a JSON object")
        for block, id_key in BLOCKS.items():
            if item.get(block) is None:
                continue
            if not isinstance(item[block], list):
                problem(f"{at}/{block}", f"{block} must be a list")
                continue
            kept = {entry[id_key]: dict(entry) for entry in episode.get(block, [])}
            for j, sub in enumerate(item[block]):
                sub_at = f"{at}/{block}/{j}"
                if not isinstance(sub, dict):
                    problem(sub_at, "Each entry must be a JSON object")
                    continue
                sub_id = typed(sub, id_key, f"{sub_at}/{id_key}", problem)
                if not sub_id:
                    problem(f"{sub_at}/{id_key}", f"{id_key} is missing")
                    continue
                if sub.get("purge") is True:
                    kept.pop(sub_id, None)
                    continue
                entry = kept.setdefault(sub_id, {id_key: sub_id})
                for key in ITEM_DATES:
                    if key in sub:
                        entry[key] = _date(sub[key], f"{sub_at}/{key}", problem)
            episode[block] = list(kept.values())
    return list(episodes.values())


@dataclass
class Current:
    """What the child's episodes say now, and where in the payload each part came from."""

    episode: dict | None = None
    episode_at: str = "social_care_episodes"
    is_open: bool = True
    worker_id: str = ""
    worker_at: str = ""
    plan_type: str | None = None


def _latest(items: list, key: str) -> dict | None:
    """The item with the latest date; of two on one day, the one sent last."""
    latest = max(enumerate(items), key=lambda pair: (pair[1].get(key) or "", pair[0]), default=None)
    return latest[1] if latest else None


def _pointer(payload: dict, episode_id: str, block: str = "", entry_id: str = "") -> str:
    """Where an episode (or one of its entries) is in the payload; one only held, named by id."""
    sent = payload.get("social_care_episodes")
    for i, item in enumerate(sent if isinstance(sent, list) else []):
        if value(item, "social_care_episode_id") == episode_id:
            if not block:
                return f"social_care_episodes/{i}"
            entries = item.get(block)
            for j, entry in enumerate(entries if isinstance(entries, list) else []):
                if value(entry, BLOCKS[block]) == entry_id:
                    return f"social_care_episodes/{i}/{block}/{j}/{BLOCKS[block]}"
            return f"social_care_episodes/{i}/{block}"
    held = f"social_care_episodes (episode {episode_id}, as sent before)"
    return f"{held} {block}" if block else held


def _current(payload: dict, episodes: list) -> Current:
    today = timezone.localdate().isoformat()
    opened = [e for e in episodes if not e.get("closure_date")]
    if not episodes:
        return Current()
    episode = _latest(opened, "referral_date") if opened else _latest(episodes, "closure_date")
    now = Current(episode=episode, is_open=bool(opened))
    now.episode_at = _pointer(payload, episode["social_care_episode_id"])
    workers = episode.get("care_worker_details", [])
    if now.is_open:
        workers = [w for w in workers if not w.get("end_date") or w["end_date"] >= today]
    if worker := _latest(workers, "start_date"):
        now.worker_id = worker["worker_id"]
        now.worker_at = _pointer(
            payload, episode["social_care_episode_id"], "care_worker_details", worker["worker_id"]
        )
    for block, plan in PLANS:
        entries = episode.get(block, [])
        if now.is_open:
            entries = [e for e in entries if not e.get("end_date")]
        if entries:
            now.plan_type = plan
            break
    else:
        if episode.get("care_leavers"):
            now.plan_type = PlanType.PATHWAY_PLAN
    return now


# Checking: each payload as the row of the children export it stands for ------------------------


def _held_episodes(child: Child | None) -> list:
    try:
        return child.case_system.episodes if child else []
    except CaseSystemRecord.DoesNotExist:
        return []


def check_payloads(rows: list[PayloadRow]) -> Checked:
    """Every payload read, laid over what is held and checked as a row of the children export,
    every problem with the payload's index and where in it."""
    children = {
        c.case_id: c
        for c in Child.objects.filter(case_id__in={r.case_id for r in rows} - {""})
        .select_related("team", "allocated_worker", "staying_together_worker", "case_system")
        .prefetch_related("purges")
    }
    for row in rows:
        row.child = children.get(row.case_id)
    read = [row for row in rows if _read(row)]
    workers = {
        u.staff_id: u
        for u in User.objects.filter(
            staff_id__in={r.worker_id for r in read} - {""}
        ).select_related("team")
    }
    for row in read:
        _place(row, workers)
    check_children([row.child_row for row in read])
    for row in read:
        child_row = row.child_row
        already = {p.column for p in row.problems}
        for found in child_row.problems:
            at = row.sources.get(found.column, found.column)
            if at not in already:
                row.problems.append(PayloadProblem(row.number, at, found.message))
        if not row.problems:
            row.changes = list(child_row.changes)
    for row in rows:  # each problem names the child, when the payload names one
        if row.case_id:
            row.problems = [
                PayloadProblem(p.row, p.column, p.message, row.case_id) for p in row.problems
            ]
    return Checked(rows=rows, problems=[p for r in rows for p in r.problems])


def _read(row: PayloadRow) -> bool:
    """The payload read into the children export's row it stands for (`row.child_row`), but for
    its worker, found with the others (`_place`); False when there is nothing more to check: a
    purge, or a payload that cannot be read as a child."""
    problem = problem_adder(row)
    payload, child = row.cells, row.child
    if not isinstance(payload, dict):
        problem("", "Each payload must be a JSON object, one per child")
        return False
    if not typed(payload, "la_child_id", "la_child_id", problem):
        if not row.problems:
            problem("la_child_id", "la_child_id is missing: each payload names its child")
        return False
    details = payload.get("child_details")
    if payload.get("purge") is True or (isinstance(details, dict) and details.get("purge") is True):
        # Recorded for PSQA (once while it waits); a child never held has nothing to remove.
        waiting = child and any(
            p.status == CaseSystemPurge.Status.PENDING for p in child.purges.all()
        )
        if child is None:
            row.note = "Asks for the record to be purged: not held here, so nothing to do"
        elif child.anonymised_at:
            row.note = "Asks for the record to be purged: it is anonymised already"
        elif waiting:
            row.note = "Asks for the record to be purged: asked before, waiting for PSQA"
        else:
            row.changes = [PURGE_ASKED]
            row.note = "Asks for the record to be purged: PSQA decide (nothing is removed)"
        return False
    if not isinstance(details, dict):
        problem("child_details", "child_details is missing: each payload gives the child's details")
        return False
    held = _held_episodes(child)
    sent = payload.get("social_care_episodes")
    row.episodes = held if sent is None else _merge(held, sent, problem)
    now = _current(payload, row.episodes)
    given = {
        key: typed(details, key, f"child_details/{key}", problem)
        for key in ("first_name", "surname", "sex", "ethnicity")
    }
    for key in ("first_name", "surname"):
        if BIDI.search(given[key]):
            problem(f"child_details/{key}", f"{key} has a character that turns the text around")
    sex = given["sex"]
    cells = {
        "Case ID": row.case_id,
        "First name": given["first_name"],
        "Last name": given["surname"],
        "Date of birth": _date(details.get("date_of_birth"), "child_details/date_of_birth", problem)
        or "",
        "Gender": _gender(sex, child),
        "Ethnicity": given["ethnicity"],
        "First language": child.first_language if child else NOT_KNOWN_LANGUAGE,
        "Staying Together worker": (
            child.staying_together_worker.email if child and child.staying_together_worker else ""
        ),
        "Status": "Open" if now.is_open else "Closed",
    }
    if sex and sex.upper() not in SEX and not _is_gender(sex):
        problem("child_details/sex", "sex must be M, F or U")
    episode = now.episode or {}
    if now.episode is None and child is None:
        problem(
            "social_care_episodes", "There is no social care episode: a child is added with theirs"
        )
    cells["Referral date"] = episode.get("referral_date") or (
        child.referral_date.isoformat() if child else ""
    )
    cells["Closed date"] = "" if now.is_open else episode.get("closure_date") or ""
    if now.episode is None and child is not None:  # no episode sent or held: as the child is
        cells["Status"] = "Open" if child.is_open else "Closed"
        cells["Closed date"] = child.closed_on.isoformat() if child.closed_on else ""
    plan = now.plan_type or (child.plan_type if child else PlanType.CHILD_IN_NEED)
    cells["Plan type"] = PlanType(plan).label
    row.child_row = ChildRow(number=row.number, cells=cells)
    row.worker_id = now.worker_id
    row.worker_at = now.worker_at or f"{now.episode_at}/care_worker_details"
    row.sources = {
        "Case ID": "la_child_id",
        "First name": "child_details/first_name",
        "Last name": "child_details/surname",
        "Date of birth": "child_details/date_of_birth",
        "Gender": "child_details/sex",
        "Ethnicity": "child_details/ethnicity",
        "Team": row.worker_at,
        "Allocated worker": row.worker_at,
        "Plan type": now.episode_at,
        "Referral date": f"{now.episode_at}/referral_date",
        "Status": now.episode_at,
        "Closed date": f"{now.episode_at}/closure_date",
    }
    return True


def _gender(sex: str, child: Child | None) -> str:
    """The child's gender as the export names it: M and F as they are; U (neither, or not known)
    keeps what is held when that is neither either (a child recorded as "Other" stays so)."""
    code = sex.upper()
    if code == "U" and child and child.gender in (Gender.OTHER, Gender.NOT_KNOWN):
        return Gender(child.gender).label
    return SEX[code].label if code in SEX else sex


def _is_gender(value: str) -> bool:
    return value.lower() in {label.lower() for _, label in Gender.choices}


def _place(row: PayloadRow, workers: dict) -> None:
    """The child's allocated worker and team: the current worker's, or as held."""
    cells, child = row.child_row.cells, row.child
    worker_id, at = row.worker_id, row.worker_at
    worker = workers.get(worker_id) if worker_id else None
    if worker_id and worker is None:
        row.problems.append(
            PayloadProblem(
                row.number, at, f"No one here has the Staff ID {worker_id}: import the staff first"
            )
        )
    elif worker is not None and worker.team is None:
        row.problems.append(PayloadProblem(row.number, at, f"{worker} is in no team"))
    elif worker is None and child is None:
        row.problems.append(
            PayloadProblem(
                row.number, at, "No current worker: a child is added with their allocated worker"
            )
        )
    if worker is None:
        worker = child.allocated_worker if child else None
    cells["Allocated worker"] = worker.email if worker else ""
    cells["Team"] = worker.team.name if worker and worker.team else child.team.name if child else ""


# Writing: the children (as the export writes them), the episodes kept, the purges asked ----------


def lock_payloads(rows: list[PayloadRow]) -> None:
    """The payloads' children, locked before they are checked again: what the check finds stays
    true until every payload is written."""
    case_ids = [row.case_id for row in rows]
    list(Child.objects.select_for_update().filter(case_id__in=case_ids).order_by("pk"))


def write_payloads(*, checked: Checked, actor, run) -> dict:
    """Write each payload's child as the children export would, keep its episodes for the next
    partial payload, and record each purge asked for PSQA; the run's summary."""
    child_rows = [row.child_row for row in checked.rows if row.child_row is not None]
    summary = (
        write_children(checked=Checked(rows=child_rows), actor=actor, run=run) if child_rows else {}
    )
    asked = [row for row in checked.rows if PURGE_ASKED in row.changes]
    CaseSystemPurge.objects.bulk_create(
        CaseSystemPurge(child=row.child, asked_in=run.file_name) for row in asked
    )
    if asked:
        summary[PURGE_ASKED] = len(asked)
        run.changes[PURGE_ASKED] = [row.case_id for row in asked]
        emails.queue_records_withdrawn(run=run, asked=len(asked))
    if left := sum(1 for row in checked.rows if row.child_row is None and not row.changes):
        summary[UNCHANGED] = summary.get(UNCHANGED, 0) + left  # purges asked before, or not held
    added = {
        child.case_id: child
        for child in Child.objects.filter(
            case_id__in=[row.case_id for row in checked.rows if NEW in row.changes]
        )
    }
    for row in checked.rows:
        row.child = row.child or added.get(row.case_id)
    _keep_episodes([row for row in checked.rows if row.episodes is not None and row.child])
    # What each payload the endpoint named became, for it to keep with the run (in this
    # transaction: the batch and its names are stored together or not at all).
    run.payloads = [row for row in checked.rows if row.submission]
    return summary


def _keep_episodes(rows: list[PayloadRow]) -> None:
    """Each child's episodes as the payloads now say, where they differ from those kept."""
    kept = {
        record.child_id: record
        for record in CaseSystemRecord.objects.filter(child__in=[row.child for row in rows])
    }
    new, changed = [], []
    for row in rows:
        record = kept.get(row.child.pk)
        if record is None:
            if row.episodes:
                new.append(CaseSystemRecord(child=row.child, episodes=row.episodes))
        elif record.episodes != row.episodes:
            record.episodes, record.updated_at = row.episodes, timezone.now()
            changed.append(record)
    CaseSystemRecord.objects.bulk_create(new, batch_size=500)
    CaseSystemRecord.objects.bulk_update(changed, ["episodes", "updated_at"], batch_size=500)


def _describe(row: PayloadRow) -> str:
    return f"child {row.case_id}: {row.change_text}"


def _example() -> tuple[bytes, str, str]:
    """A payload as the DfE's layout has it, for the upload page to offer."""
    example = [
        {
            "la_child_id": "CASE-0001",
            "mis_child_id": "",
            "purge": False,
            "child_details": {
                "first_name": "Alex",
                "surname": "Example",
                "date_of_birth": "2015-04-01",
                "sex": "M",
                "ethnicity": "WBRI",
                "purge": False,
            },
            "social_care_episodes": [
                {
                    "social_care_episode_id": "EP-0001",
                    "referral_date": "2026-03-02",
                    "closure_date": None,
                    "care_worker_details": [
                        {"worker_id": "STAFF-ID", "start_date": "2026-03-02", "end_date": None}
                    ],
                    "child_in_need_plans": [
                        {
                            "child_in_need_plan_id": "CIN-0001",
                            "start_date": "2026-04-20",
                            "end_date": None,
                            "purge": False,
                        }
                    ],
                    "child_protection_plans": [],
                    "child_looked_after_placements": [],
                    "purge": False,
                }
            ],
        }
    ]
    return json.dumps(example, indent=2).encode(), "application/json", "csc-payload-example.json"


PAYLOADS = Import(
    kind="csc-payloads",
    label="Children (DfE payloads)",
    title="Import children's DfE payloads",
    noun=("payload", "payloads"),
    columns=(),
    required=(),
    row=PayloadRow,
    check=check_payloads,
    write=write_payloads,
    lock=lock_payloads,
    duplicates=(
        Duplicates(
            key=lambda row: row.case_id or None,
            column="la_child_id",
            message="Child {la_child_id} is also payload {first}: send each child once",
        ),
    ),
    may=can_run_imports,
    intro="people/feed/payloads_intro.html",
    preview="people/feed/payload_rows.html",
    outcomes=OUTCOMES,
    outcomes_without_case_files={
        UPDATED: "no move, new worker or closure",
        UNCHANGED: "no move, new worker or closure",
    },
    # Any .json or .jsonl file in the export folder is payloads; after the children's export.
    folder=("",),
    folder_order=20,
    file_label="Payload file",
    file_hint=(
        "DfE Children's Social Care payloads: a .json file holding an array of them, or a .jsonl "
        "file of one a line; no more than 5 MB and 5,000 payloads (a whole cohort goes in the "
        "export folder, or is sent by the council's payload client)."
    ),
    template_file=_example,
    template_link="Download an example payload",
    describe=_describe,
    context=lambda user: {"show_names": can_open_case_files(user)},
    suffixes=PayloadReader.suffixes,
    reader=PayloadReader(),
    row_name="[{}]",
)
