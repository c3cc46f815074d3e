"""The dashboard's navigation item and its panel on a child's page (registered in apps.py)."""

from bexley_qa.people.models import Child, User

from . import access, figures, selectors


def navigation_label(user: User) -> str | None:
    return "Dashboard" if access.can_see_dashboard(user) else None


def child_measures(user: User, child: Child) -> dict | None:
    """The child's Signs of Safety measures: done since the referral (or to do), and every
    completion recorded."""
    if not access.can_see_dashboard(user):
        return None
    (row,) = selectors.grid(Child.objects.filter(pk=child.pk)) or [None]
    return {
        "sos_row": row,
        "sos_done": [
            (label, day) for (_, _, label), day in zip(selectors.HEADINGS, row.done, strict=True)
        ]
        if row
        else [],
        "sos_history": selectors.child_history(child),
        "sos_can_record": access.can_record_measure(user, child),
        "sos_done_tag": figures.MEASURE_DONE,
        "sos_to_do_tag": figures.MEASURE_TO_DO,
    }
