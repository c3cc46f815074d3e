"""The audit analytics: each figure counted in SQL over the audits the reader's scope allows
(access.audits_counted_for), filtered and over a period of whole months, framed by the
framework's three questions. A figure is a table (its cells may link down to the audits behind
them), a chart drawn from the same numbers and a CSV of the table.

How we count (shown on the pages under "How we count"):
- An audit counts in the month it was allocated, completed (its outcome recorded) or moderated.
- Grades are the final grade: the moderated one where moderation changed it.
- "Good or better" is Good or Outstanding, out of the audits graded.
"""

from . import better_off, childs_details, how_much, how_well
from .better_off import (
    actions_completed,
    distance_areas,
    distance_grades,
    family_statements,
    measures_beside_grades,
)
from .figure import Figure, Link, Scope, average, percent
from .how_much import (
    audits_by_group,
    audits_by_month,
    feedback_obtained,
    feedback_reasons,
    managers_expectation,
    self_assessments,
)
from .how_well import (
    follow_ups,
    grades_by_group,
    grades_by_month,
    immediate_actions,
    moderation_agreement,
    moderation_changes,
    moderation_scaling,
    practice_areas,
    scaling_gap,
    service_manager_reviews,
    themes,
)

QUESTIONS = {
    "how-much": "How much did we do?",
    "how-well": "How well did we do it?",
    "better-off": "Is anyone better off?",
    "childs-details": "Through the child's details",
}
HOW_WE_COUNT = [
    "An audit counts in the month it was allocated, completed (its outcome recorded) or "
    "moderated, as the figure says. Cancelled audits are counted as allocated only.",
    "Grades are final grades: the moderator's agreed grade where moderation changed the "
    "auditor's. Good or better means Good or Outstanding, out of the audits graded.",
    "Managers see the audits of the teams in their scope; PSQA and the deputy director see "
    "every team's. A figure about a manager counts the audits they carried out as auditor.",
    "Practice areas are scored 0 to 10; an area left unscored is left out of its average.",
    "The plan type filter uses each child's plan type now (the case system's latest export).",
]

PAGES = {
    "how-much": [audits_by_month, audits_by_group, managers_expectation, self_assessments,
                 feedback_obtained, feedback_reasons],
    "how-well": [grades_by_month, grades_by_group, moderation_changes, practice_areas,
                 scaling_gap, moderation_scaling, themes, follow_ups, immediate_actions,
                 service_manager_reviews, moderation_agreement],
    "better-off": [distance_grades, distance_areas, family_statements, actions_completed,
                   measures_beside_grades],
    "childs-details": childs_details.FIGURES,
}  # fmt: skip

__all__ = [
    "Figure", "Link", "Scope", "average", "percent", "better_off", "how_much", "how_well",
    "actions_completed", "distance_areas", "distance_grades", "family_statements",
    "measures_beside_grades", "audits_by_group", "audits_by_month", "feedback_obtained",
    "feedback_reasons", "managers_expectation", "self_assessments", "follow_ups",
    "grades_by_group", "grades_by_month", "immediate_actions", "moderation_agreement",
    "moderation_changes", "moderation_scaling", "practice_areas", "scaling_gap", "themes",
    "service_manager_reviews",
]  # fmt: skip
