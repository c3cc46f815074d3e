"""Who reads the Director's overview: the Director, the deputy director and PSQA (the
directorate's), and each assistant director and head of service (their services'); the kept
monthly PDFs are the directorate's, for its readers and the senior leadership team, who are
emailed each one."""

from bexley_qa.people import lines
from bexley_qa.people.access import reads_directorate_figures, rule
from bexley_qa.people.models import User


@rule("Your roles do not include the Director's overview.")
def can_read_overview(user: User) -> bool:
    return lines.holds(user, lines.OVERVIEW_READERS)


@rule("Your roles do not include the directorate's monthly overviews.")
def can_read_monthly_overviews(user: User) -> bool:
    """The directorate's readers and the senior leadership team, who are emailed each one."""
    return reads_directorate_figures(user) or lines.holds(user, lines.SENIOR_LEADERSHIP)
