"""The framework's guidance for the moment of auditing, in its own words (verbatim from the seed):
the Hints and Tips for Collaborative Case Audits, and what the practitioner's preparation is
considered against. The grading guide ("From Inadequate to Good") is audits/grading_guide.py.

Shown on the allocation email, the auditor's home page (their audits to prepare), the audit's
page and the self-assessment page; the Signs of Safety Practice Framework and Expectations link
is the council's own document (setting SOS_PRACTICE_FRAMEWORK_URL)."""

from datetime import date

from django.conf import settings

HINTS_TITLE = "Hints and Tips for Collaborative Case Audits"
HINTS = (
    "Contact the worker early to set a meeting date for the audit",
    "It’s important to prepare well by understanding where key documents are held and what these "
    "say",
    "Complex work may take longer, but you should always allow about 2-3 hours",
    "Always double check how long the social worker has been allocated",
    "Aim at auditing work over the last 12 months depending on circumstance",
    "Practitioners complete the self-assessment questions prior to meeting with the auditor",
    "Remember collaboration is key",
    "Areas of impact and areas of strength should be evidenced with a reference of where this can "
    "be found on the child/young person’s file",
    "Obtaining feedback from children, families and professionals that we work with, is essential "
    "to the auditing process",
    "Check out SoS Practice Framework & Expectations",
    "Feeling appreciated is uplifting",
)
# Section 2's guidance (the seed's "2. Practitioner preparation").
PREPARATION = (
    "The preparation questions are designed to support the practitioner(s) to think about what "
    "difference their work has made to the child, young person or young adult and to what extent "
    "they have used Signs of Safety in their work. This should be considered in relation to the "
    "Signs of Safety Practice Framework and Expectations."
)
FRAMEWORK_TITLE = "Signs of Safety Practice Framework and Expectations"


def framework_url() -> str:
    """The council's Signs of Safety Practice Framework and Expectations, when configured."""
    return settings.SOS_PRACTICE_FRAMEWORK_URL


def allocated_since(child) -> date | None:
    """Since when the child's allocated worker has been allocated, when the case system says
    (its payloads' worker dates: bexley_qa/people CaseSystemRecord); None when it does not."""
    worker = child.allocated_worker
    record = getattr(child, "case_system", None)
    if worker is None or record is None or not worker.staff_id:
        return None
    starts = [
        entry.get("start_date")
        for episode in record.episodes
        if not episode.get("closure_date")
        for entry in episode.get("care_worker_details", [])
        if entry.get("worker_id") == worker.staff_id and not entry.get("end_date")
    ]
    starts = [s for s in starts if s]
    return date.fromisoformat(max(starts)) if starts else None


def context(audit=None) -> dict:
    """What the hints' include needs (audits/includes/hints.html)."""
    return {
        "hints": HINTS,
        "hints_title": HINTS_TITLE,
        "framework_url": framework_url(),
        "framework_title": FRAMEWORK_TITLE,
        "allocated_since": allocated_since(audit.child) if audit is not None else None,
    }
