"""Who leads Practice Week and who reads what of it (one place for these rules).

PSQA and the Principal Social Worker lead it: they schedule the week, allocate its audits, see
every observation and write and publish the report. Managers (team managers up to the Director
of Children's Services, who audits during the week) record the observations they make. Every
member of staff with a scope reads published reports; an observation is read by the leads, the
observer and the person observed.
"""

from django.db.models import Q, QuerySet

from bexley_qa.people import lines
from bexley_qa.people.access import rule
from bexley_qa.people.models import User

from ..access import can_edit_audit
from ..models import Audit, AuditKind, Observation, PracticeWeek


@rule("Only PSQA and the Principal Social Worker lead Practice Week.")
def can_lead(user: User) -> bool:
    return lines.holds(user, lines.PRACTICE_WEEK_LEADS)


@rule("Your roles do not include Practice Week.")
def can_read_reports(user: User) -> bool:
    return lines.holds(user, lines.PRACTICE_WEEK_READERS)


@rule("Only PSQA, the Principal Social Worker and managers record practice observations.")
def can_record_observation(user: User) -> bool:
    return lines.holds(user, lines.OBSERVERS)


def observers_for(user: User) -> QuerySet[User]:
    """Who this person may record as the observer: anyone, for the leads; themselves otherwise."""
    staff = lines.staff_with_roles()
    return staff if can_lead(user) else staff.filter(pk=user.pk)


def weeks_led_by(user: User) -> QuerySet[PracticeWeek]:
    """Every week, with its audits and observations, for the leads; none for anyone else."""
    return PracticeWeek.objects.all() if can_lead(user) else PracticeWeek.objects.none()


def published_weeks_for(user: User) -> QuerySet[PracticeWeek]:
    if not can_read_reports(user):
        return PracticeWeek.objects.none()
    return PracticeWeek.objects.filter(published_at__isnull=False)


def observations_visible_to(user: User) -> QuerySet[Observation]:
    if can_lead(user):
        return Observation.objects.all()
    return Observation.objects.filter(Q(observer=user) | Q(observed=user))


@rule("Only the auditor records partner professionals, on a multi-agency audit in progress.")
def can_record_partner_contact(user: User, audit: Audit) -> bool:
    return audit.kind == AuditKind.MULTI_AGENCY and can_edit_audit(user, audit)
