"""Who may see a moderation and what they may do to it (every "who may" question of moderation).

- PSQA (and the deputy director, who sees everything) see every moderation; PSQA draw and
  adjust the sample and allocate it.
- A moderator sees the moderations allocated to them, and through them the audit (registered
  with `audits.access.register_readers` in apps.py); any other audit answers 404.
- Managers see the moderations of the audits of their teams and services, read-only; an auditor
  sees the finalised moderations of their own audits, with the learning for them; the audit's
  other readers see a finalised moderation's outcome.
"""

from django.db.models import Q, QuerySet

from audits.access import audits_visible_to
from audits.models import Audit
from bexley_qa.people import lines
from bexley_qa.people.access import (
    is_active,
    is_manager,
    is_psqa,
    oversees_services,
    reads_directorate_figures,
    rule,
    sees_whole_directorate,
)
from bexley_qa.people.models import User
from bexley_qa.planning import in_subquery

from .models import Moderation
from .workflow import IN_PROGRESS, IN_SAMPLE, ModerationStatus


def audits_being_moderated_by(user: User) -> Q:
    """Registered as readers of audits: a moderator reads the audits allocated to them."""
    moderated = (
        Moderation.objects.filter(moderator=user)
        .exclude(status=ModerationStatus.REMOVED)
        .values("audit_id")
    )
    return in_subquery("pk", moderated)  # OR'd with the audit's other readers, by index


def moderations_visible_to(user: User) -> QuerySet[Moderation]:
    """Moderations the user may read; any other answers 404. Removed ones only to PSQA."""
    if not is_active(user):
        return Moderation.objects.none()
    if sees_whole_directorate(user):
        return Moderation.objects.all()
    if selects_moderations_only(user):
        # The PSQA business support officer selects and notifies: the sample before moderation.
        return Moderation.objects.filter(status__in=(*IN_SAMPLE, ModerationStatus.REMOVED))
    live = Moderation.objects.exclude(status=ModerationStatus.REMOVED)
    scope = Q(moderator=user)
    if is_manager(user):
        scope |= lines.over_teams_q(user, "audit__team")
    scope |= Q(status=ModerationStatus.FINALISED, audit__in=audits_visible_to(user))
    return live.filter(scope)


@rule("Your roles do not include what moderation tells us.")
def can_read_insights(user: User) -> bool:
    """What moderation tells us (agreement, grades raised or lowered, areas that differ): PSQA,
    those over services, and the readers of directorate figures (the Director among them)."""
    return is_psqa(user) or oversees_services(user) or reads_directorate_figures(user)


def moderations_counted_for(user: User) -> QuerySet[Moderation]:
    """The moderations a reader's figures count: every one for the readers of directorate
    figures (who may not open them one by one: the Director), or those they may read."""
    if reads_directorate_figures(user):
        return Moderation.objects.exclude(status=ModerationStatus.REMOVED)
    return moderations_visible_to(user)


def selects_moderations_only(user: User) -> bool:
    """The PSQA business support officer, with no other role that sees the whole directorate."""
    return lines.holds(user, lines.MODERATION_SELECTORS) and not sees_whole_directorate(user)


@rule("Only PSQA and their business support officer draw the moderation sample and allocate it.")
def can_manage_sample(user: User) -> bool:
    """PSQA, and the PSQA business support officer: the framework's "PSQA BSO selects case file
    for moderation ... notifies the DD/HOS/SW via email the case ID to moderate and timescale for
    return"."""
    return lines.holds(user, lines.MODERATION_SELECTORS)


@rule("Only PSQA change the sample, and only before a moderation is finalised.")
def can_change_in_sample(user: User, moderation: Moderation) -> bool:
    """PSQA (and their business support officer) allocate (or re-allocate) or remove a
    moderation until it is finalised."""
    return can_manage_sample(user) and moderation.status in IN_SAMPLE


@rule("Only PSQA amend a moderation, once it is finalised.")
def can_amend(user: User, moderation: Moderation) -> bool:
    return is_psqa(user) and moderation.status == ModerationStatus.FINALISED


@rule("Only the moderator it is allocated to records a moderation, until it is finalised.")
def can_moderate(user: User, moderation: Moderation) -> bool:
    return moderation.moderator_id == user.pk and moderation.status in IN_PROGRESS


@rule("Only the manager of the audited team records the oversight note, once, after finalising.")
def can_record_moderation_oversight(user: User, moderation: Moderation) -> bool:
    audit = moderation.audit
    return (
        moderation.is_finalised
        and not moderation.oversight_recorded
        and lines.manages_team(user, audit.team_id)
    )


def is_moderating_role(user: User) -> bool:
    return lines.holds(user, lines.MODERATING)


def eligible_moderators_for_anyone() -> QuerySet[User]:
    """Everyone who may moderate some audit (the sample page's moderator filter)."""
    return lines.staff_in(lines.MODERATING)


def eligible_moderators_for(audit: Audit) -> QuerySet[User]:
    """Active holders of a moderating role, never anyone named on the audit (its auditor, the
    practitioner, the Staying Together worker, the manager), anyone in the child's team, nor its
    line over it (lines.py: its managers, its service's, the head of service and the assistant
    director)."""
    named = {audit.auditor_id, audit.practitioner_id, audit.manager_id}
    named |= {audit.staying_together_worker_id}
    return (
        eligible_moderators_for_anyone()
        .exclude(pk__in=named - {None})
        .exclude(team=audit.team_id)
        .exclude(pk__in=lines.people_over(audit.team).values("pk"))
    )


def moderator_problem(user: User, audit: Audit) -> str | None:
    """Why this person may not moderate this audit, in plain English; None when they may."""
    if not user.is_active:
        return f"{user} cannot moderate: their account is switched off"
    if not is_moderating_role(user):
        return (
            f"{user} cannot moderate: moderators, service managers, heads of service and the "
            "deputy director moderate audits"
        )
    if user.pk == audit.auditor_id:
        return f"{user} audited this case: choose a moderator who did not"
    if user.pk in (audit.practitioner_id, audit.manager_id, audit.staying_together_worker_id):
        return f"{user} is named on this audit: choose someone independent"
    if not eligible_moderators_for(audit).filter(pk=user.pk).exists():
        return (
            f"{user} is in or manages {audit.team}, the child's team, or its service: "
            "choose someone independent"
        )
    return None
