"""The audit's workflow, written down once.

- `AuditStatus`: where an audit is, each status with its own tag (`TAGS`: words and colour).
- Status groups: `OPEN` (in progress: one per child, the auditor edits the form), `BEFORE_GRADING`
  (the meeting can be booked, self-assessments completed), `BEFORE_COMPLETION` (Sections 5 and 6
  may still change) and `DONE` (completed: the outcome stands; follow-up and escalations).
- `TRANSITIONS`: every move between statuses: from where, to where, the event it records and its
  label. `move()` is the only code that changes an audit's status.
- `EventCode`: every kind of step the audit's history records, as a stable code beside its text,
  so history, tests and the audit trail match codes, not English. `record()` writes a step that
  moves no status (an action recorded, feedback obtained).

Who may make a move is a question for `audits/access.py`; what must be true first (completion
rules) is in `audits/selectors.py`. The service functions in `audits/services/` call both, then
`move()`. The table is a `bexley_qa.workflow.Workflow` like every other record's; the audit's own
`move()` also records each step as an event.
"""

from dataclasses import dataclass

from django.db import models, transaction

from bexley_qa import workflow as shared
from bexley_qa.workflow import Tag, Workflow


class AuditStatus(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    MEETING_BOOKED = "meeting_booked", "Meeting booked"
    GRADED = "graded", "Graded"
    COMPLETED = "completed", "Completed"
    FOLLOWED_UP = "followed_up", "Followed up"
    CANCELLED = "cancelled", "Cancelled"


# GOV.UK tag colours, one each; a grade's band has its own (models.GradeBand), shown beside it.
TAGS = {
    AuditStatus.ALLOCATED: Tag(AuditStatus.ALLOCATED.label, "light-blue"),
    AuditStatus.MEETING_BOOKED: Tag(AuditStatus.MEETING_BOOKED.label, "blue"),
    AuditStatus.GRADED: Tag(AuditStatus.GRADED.label, "pink"),
    AuditStatus.COMPLETED: Tag(AuditStatus.COMPLETED.label, "turquoise"),
    AuditStatus.FOLLOWED_UP: Tag(AuditStatus.FOLLOWED_UP.label, "green"),
    AuditStatus.CANCELLED: Tag(AuditStatus.CANCELLED.label, "grey"),
}

# In progress: at most one per child, and the auditor may edit the form.
OPEN = (AuditStatus.ALLOCATED, AuditStatus.MEETING_BOOKED, AuditStatus.GRADED)
# Before the audit is graded: the meeting can be (re)booked and self-assessments completed.
BEFORE_GRADING = (AuditStatus.ALLOCATED, AuditStatus.MEETING_BOOKED)
# Feedback, actions and the grade may change until the audit is completed.
BEFORE_COMPLETION = OPEN
# Completed: the outcome stands; the follow-up is due and open immediate actions escalate.
DONE = (AuditStatus.COMPLETED, AuditStatus.FOLLOWED_UP)


class EventCode(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    MEETING_BOOKED = "meeting_booked", "Meeting booked"
    MEETING_MOVED = "meeting_moved", "Meeting moved"
    SELF_ASSESSMENT_SUBMITTED = "self_assessment_submitted", "Self-assessment submitted"
    SELF_ASSESSMENT_WAIVED = "self_assessment_waived", "Self-assessment waived"
    GRADED = "graded", "Graded"
    OUTCOME_SENT = "outcome_sent", "Inadequate outcome sent"
    ACTION_RECORDED = "action_recorded", "Action recorded"
    ACTION_CHANGED = "action_changed", "Action changed"
    ACTION_REMOVED = "action_removed", "Action removed"
    ACTION_DONE = "action_done", "Action done"
    FEEDBACK_RECORDED = "feedback_recorded", "Feedback recorded"
    FEEDBACK_CHANGED = "feedback_changed", "Feedback changed"
    FEEDBACK_REMOVED = "feedback_removed", "Feedback removed"
    FEEDBACK_NOT_OBTAINED = "feedback_not_obtained", "Feedback not obtained"
    COMPLETED = "completed", "Completed"
    FOLLOWED_UP = "followed_up", "Followed up"
    OVERSIGHT_RECORDED = "oversight_recorded", "Management oversight note recorded"
    SERVICE_MANAGER_REVIEWED = "sm_reviewed", "Service manager's review recorded"
    CLOSED_OFF = "closed_off", "Team manager's close-off recorded"
    MODERATED = "moderated", "Moderation finalised"
    CANCELLED = "cancelled", "Cancelled"


@dataclass(frozen=True)
class Transition(shared.Transition):
    event: EventCode  # the step the audit's history records


BOOK_MEETING = Transition(
    BEFORE_GRADING, AuditStatus.MEETING_BOOKED, "Book the meeting",
    "The meeting can only be booked before the audit is graded", EventCode.MEETING_BOOKED,
)  # fmt: skip
MOVE_MEETING = Transition(
    (AuditStatus.MEETING_BOOKED,), AuditStatus.MEETING_BOOKED, "Move the meeting",
    "The meeting can only be booked before the audit is graded", EventCode.MEETING_MOVED,
)  # fmt: skip
GRADE = Transition(
    OPEN, AuditStatus.GRADED, "Grade the audit",
    "The audit can only be graded while it is in progress", EventCode.GRADED,
)  # fmt: skip
COMPLETE = Transition(
    (AuditStatus.GRADED,), AuditStatus.COMPLETED, "Complete the audit",
    "Only a graded audit can be completed", EventCode.COMPLETED,
)  # fmt: skip
FOLLOW_UP = Transition(
    (AuditStatus.COMPLETED,), AuditStatus.FOLLOWED_UP, "Record the follow-up",
    "The follow-up is recorded once the audit is completed", EventCode.FOLLOWED_UP,
)  # fmt: skip
CANCEL = Transition(
    OPEN, AuditStatus.CANCELLED, "Cancel the audit",
    "Only an audit in progress can be cancelled", EventCode.CANCELLED,
)  # fmt: skip
TRANSITIONS = (BOOK_MEETING, MOVE_MEETING, GRADE, COMPLETE, FOLLOW_UP, CANCEL)
WORKFLOW = Workflow(TAGS, TRANSITIONS)


# An action's own workflow (Section 6): open until its owner, the auditor or the team manager
# marks it done (or the follow-up records it done).
class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


MARK_DONE = shared.Transition(
    (ActionStatus.OPEN,), ActionStatus.DONE, "Mark as done", "The action is already done"
)
ACTION_WORKFLOW = Workflow(
    {ActionStatus.OPEN: Tag("Open", "blue"), ActionStatus.DONE: Tag("Done", "green")}, (MARK_DONE,)
)


# A follow-up's deadline as the auditor's home page shows it (it is due 5 working days after the
# audit's completion: workdays.follow_up_due).
FOLLOW_UP_OVERDUE = Tag("Overdue", "red")
FOLLOW_UP_DUE_TODAY = Tag("Due today", "yellow")

# A manager's review (audits/models.py ManagerReview), as the home pages and the audit show it.
REVIEW_OVERDUE = FOLLOW_UP_OVERDUE
REVIEW_SATISFIED = Tag("Satisfied", "green")
REVIEW_NOT_SATISFIED = Tag("Not satisfied yet", "orange")
# A practitioner with no case audited for six months (audits/expectation.py).
DUE_AN_AUDIT = Tag("Due an audit", "yellow")


def lock(audit):
    """The audit re-read and locked (SELECT ... FOR UPDATE) for the rest of the transaction.

    Only the audit's own row is locked (`of=("self",)`): the child, team and service read with
    it must not be, or every save in a service would wait for every other one."""
    return (
        type(audit)
        .objects.select_for_update(of=("self",))
        .select_related("child", "auditor", "team__service")
        .get(pk=audit.pk)
    )


def move(audit, transition: Transition, *, actor, note: str = ""):
    """Move a locked audit along one transition: check it starts where the table says, set the
    new status, bump the version, save, and record the event. Call inside the transaction that
    locked the audit with `lock()`, after setting any fields the step changes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move() runs inside the transaction that locked the audit")
    previous = audit.status
    WORKFLOW.move(audit, transition, save=False)
    audit.save()
    record(audit, transition.event, actor=actor, from_status=previous, note=note)
    return audit


def record(audit, code: EventCode, *, actor, note: str = "", from_status: str | None = None):
    """Write one step of the audit's history; a step that moves no status has from = to."""
    return audit.events.create(
        actor=actor,
        code=code,
        action=code.label,
        from_status=audit.status if from_status is None else from_status,
        to_status=audit.status,
        note=note,
    )
