"""The overview on its readers' home pages: the Director's home is the overview's headline
figures; the deputy director, PSQA and assistant directors get a link to theirs."""

from bexley_qa import workdays
from bexley_qa.people.models import RoleCode, User

from . import access, themes
from .content import headlines, reach_of


def home(user: User) -> dict | None:
    if not access.can_read_overview(user):
        return None
    reach = reach_of(user)
    if not user.has_role(RoleCode.DIRECTOR):
        return {"overview_reach": reach}
    month = workdays.this_month()
    return {
        "overview_reach": reach,
        "overview_headlines": headlines(reach, month),
        "overview_month": month,
        "overview_since": workdays.add_months(month, -12),
    }


def navigation_label(user: User) -> str | None:
    return "Overview" if access.can_read_overview(user) else None


def themes_label(user: User) -> str | None:
    return "Monthly themes" if themes.can_read_directorate_themes(user) else None
