"""Every write to an audit, one module per step of the framework.

Each service takes `actor=` and keyword arguments, checks the actor's right through
`audits/access.py`, locks the audit (`workflow.lock`), checks what must be true first, changes
it, moves its status only through `workflow.move()` (which records the AuditEvent) and queues its
emails in the outbox, all in one transaction.

- allocation.py: allocate (one, or a checked spreadsheet's rows), book the meeting, cancel
  (step 1)
- self_assessment.py: save, submit, waive Section 2 (step 2)
- audit_form.py: Section 1, the 19 practice areas, the overall grade (steps 3 and 4)
- actions.py: Section 6 actions, marking them done (step 6)
- outcome.py: sending an Inadequate audit's outcome, which starts its 24-hour clock
- completion.py: completing, the follow-up, the manager's oversight note, reminders and
  escalation (step 7)
- reviews.py: the service manager's review of an Inadequate audit, the team manager's close-off

Feedback (Section 5, step 5) is written by the feedback app's own services.
"""

from .actions import action_mark_done, action_remove, action_save
from .allocation import (
    RecentAuditWarning,
    allocations_write,
    audit_allocate,
    audit_book_meeting,
    audit_cancel,
)
from .audit_form import area_score_save, audit_grade, audit_section_1_save
from .completion import (
    audit_complete,
    audit_final_grade_set,
    audit_reminders_queue,
    follow_up_record,
    oversight_note_record,
)
from .outcome import audit_send_outcome
from .reviews import manager_review_record
from .self_assessment import self_assessment_save, self_assessment_submit, self_assessment_waive

__all__ = [
    "RecentAuditWarning",
    "action_mark_done",
    "action_remove",
    "action_save",
    "allocations_write",
    "area_score_save",
    "audit_allocate",
    "audit_book_meeting",
    "audit_cancel",
    "audit_complete",
    "audit_final_grade_set",
    "audit_grade",
    "audit_reminders_queue",
    "audit_section_1_save",
    "audit_send_outcome",
    "follow_up_record",
    "manager_review_record",
    "oversight_note_record",
    "self_assessment_save",
    "self_assessment_submit",
    "self_assessment_waive",
]
