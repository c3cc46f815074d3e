"""The one place that answers "what may this user see and do".

Scope comes from the organisation, not from the role alone: a team manager sees the teams they are
recorded as managing, a service manager and a head of service the services they are recorded
against, a practitioner the children allocated to them (or whose family they support as the
Staying Together worker). Deputy directors and PSQA see everything. Business support may look a
child up to allocate an audit, but may not open the case file.

Views fetch through these querysets (`get_object_or_404(children_visible_to(user), ...)`), so a
record out of scope answers 404 rather than revealing that it exists.
"""

from django.db.models import Q, QuerySet

from .models import Child, RoleCode, Service, Team, User

WHOLE_DIRECTORATE_ROLES = (RoleCode.DEPUTY_DIRECTOR, RoleCode.PSQA)
ALLOCATING_ROLES = (RoleCode.BUSINESS_SUPPORT, RoleCode.PSQA)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_whole_directorate(user: User) -> bool:
    """True when the user's scope is every child and team (deputy director, PSQA)."""
    return _active(user) and user.has_role(*WHOLE_DIRECTORATE_ROLES)


def teams_managed_by(user: User) -> QuerySet[Team]:
    """Teams in the user's management scope: teams they manage and teams of their services."""
    if not _active(user):
        return Team.objects.none()
    if sees_whole_directorate(user):
        return Team.objects.all()
    scope = Q(pk__in=[])
    if user.has_role(RoleCode.TEAM_MANAGER):
        scope |= Q(pk__in=user.managed_teams.values("pk"))
    if user.has_role(RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE):
        scope |= Q(service__in=services_managed_by(user))
    return Team.objects.filter(scope)


def services_managed_by(user: User) -> QuerySet[Service]:
    """Services the user manages or heads (everything for deputy directors and PSQA)."""
    if not _active(user):
        return Service.objects.none()
    if sees_whole_directorate(user):
        return Service.objects.all()
    scope = Q(pk__in=[])
    if user.has_role(RoleCode.SERVICE_MANAGER):
        scope |= Q(pk__in=user.managed_services.values("pk"))
    if user.has_role(RoleCode.HEAD_OF_SERVICE):
        scope |= Q(head_of_service=user)
    return Service.objects.filter(scope)


def children_visible_to(user: User) -> QuerySet[Child]:
    """Children whose case file the user may open; any other child answers 404."""
    if not _active(user):
        return Child.objects.none()
    if sees_whole_directorate(user):
        return Child.objects.all()
    scope = Q(pk__in=[])
    if user.has_role(RoleCode.PRACTITIONER, RoleCode.STAYING_TOGETHER_WORKER):
        scope |= Q(allocated_worker=user) | Q(staying_together_worker=user)
    if user.has_role(RoleCode.TEAM_MANAGER, RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE):
        scope |= Q(team__in=teams_managed_by(user))
    return Child.objects.filter(scope)


CASE_FILE_ROLES = (
    RoleCode.PRACTITIONER,
    RoleCode.STAYING_TOGETHER_WORKER,
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    *WHOLE_DIRECTORATE_ROLES,
)


def can_open_case_files(user: User) -> bool:
    """Whether the user holds a role that opens case files at all (their scope may still be empty)."""
    return _active(user) and user.has_role(*CASE_FILE_ROLES)


def can_look_up_children_for_allocation(user: User) -> bool:
    """Business support and PSQA may find any open child by case ID or name to allocate an audit."""
    return _active(user) and user.has_role(*ALLOCATING_ROLES)


def children_for_allocation_lookup(user: User) -> QuerySet[Child]:
    """Open children the user may pick when allocating an audit (none for other roles)."""
    if not can_look_up_children_for_allocation(user):
        return Child.objects.none()
    return Child.objects.filter(is_open=True)


def can_list_children(user: User) -> bool:
    """Whether "Children" belongs in the user's navigation (moderators alone have no list)."""
    return can_open_case_files(user) or can_look_up_children_for_allocation(user)


# Audits -----------------------------------------------------------------------------------------
# Imported here, not at the top: audits.models imports people.models, and people must load first.


def audits_visible_to(user: User):
    """Audits whose content the user may read; any other audit answers 404.

    The people named on the audit (auditor, practitioner, Staying Together worker, manager) see
    it; managers see their teams' audits; deputy directors and PSQA see all. Business support
    see allocations (allocations_visible_to), never the audit's content.
    """
    from audits.models import Audit

    if not _active(user):
        return Audit.objects.none()
    if sees_whole_directorate(user):
        return Audit.objects.all()
    scope = (
        Q(auditor=user) | Q(practitioner=user) | Q(staying_together_worker=user) | Q(manager=user)
    )
    if user.has_role(RoleCode.TEAM_MANAGER, RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE):
        scope |= Q(team__in=teams_managed_by(user))
    return Audit.objects.filter(scope)


def allocations_visible_to(user: User):
    """Audits the user may see as allocation rows (who audits whose case, when, its status)."""
    from audits.models import Audit

    if can_allocate(user):
        return Audit.objects.all()
    return audits_visible_to(user)


def can_allocate(user: User) -> bool:
    """Business support and PSQA allocate audits (one at a time or by spreadsheet)."""
    return _active(user) and user.has_role(*ALLOCATING_ROLES)


AUDITOR_ROLES = (
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.DEPUTY_DIRECTOR,
)


def eligible_auditors_for(child: Child) -> QuerySet[User]:
    """Team managers and more senior managers who are not in the child's team."""
    return (
        User.objects.filter(is_active=True, role_grants__role__in=AUDITOR_ROLES)
        .exclude(team=child.team_id)
        .exclude(managed_teams=child.team_id)
        .distinct()
        .order_by("last_name", "first_name")
    )


def auditor_problem(auditor: User, child: Child) -> str | None:
    """Why this person may not audit this child's case, in plain English; None when they may."""
    if not auditor.is_active:
        return f"{auditor} cannot audit: their account is switched off"
    if not auditor.has_role(*AUDITOR_ROLES):
        return (
            f"{auditor} cannot audit: only a team manager or a more senior manager can audit a case"
        )
    if auditor.team_id == child.team_id or auditor.managed_teams.filter(pk=child.team_id).exists():
        return f"{auditor} is in {child.team}, the child's own team: choose an auditor from another team"
    return None


def can_edit_audit(user: User, audit) -> bool:
    """Only the auditor edits the audit form, and only while the audit is in progress."""
    return _active(user) and audit.auditor_id == user.pk and audit.is_open


def can_self_assess(user: User, audit) -> bool:
    """The practitioner and the Staying Together worker complete their own self-assessment."""
    from audits.models import AuditStatus

    return (
        _active(user)
        and user.pk in (audit.practitioner_id, audit.staying_together_worker_id)
        and audit.status in (AuditStatus.ALLOCATED, AuditStatus.MEETING_BOOKED)
    )


def can_cancel_audit(user: User, audit) -> bool:
    """Business support, PSQA and the auditor may cancel an audit in progress."""
    return _active(user) and audit.is_open and (audit.auditor_id == user.pk or can_allocate(user))
