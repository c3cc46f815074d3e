"""Reads of audits that depend on who is asking. Scope always comes from people/access.py."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa.people import access
from bexley_qa.people.models import User

from .models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    AreaScore,
    Audit,
    AuditStatus,
    FollowUp,
    SelfAssessment,
)
from .practice_areas import PRACTICE_AREAS, PracticeArea


def _with_people(audits: QuerySet[Audit]) -> QuerySet[Audit]:
    return audits.select_related(
        "child", "auditor", "practitioner", "manager", "team__service", "staying_together_worker"
    )


def allocation_list(*, user: User, filters: dict) -> QuerySet[Audit]:
    """Allocation rows in the user's scope, filtered, newest first, ready for a list or CSV."""
    audits = _with_people(access.allocations_visible_to(user))
    if service := filters.get("service"):
        audits = audits.filter(team__service=service)
    if team := filters.get("team"):
        audits = audits.filter(team=team)
    if auditor := filters.get("auditor"):
        audits = audits.filter(auditor=auditor)
    if status := filters.get("status"):
        audits = audits.filter(status=status)
    if month := filters.get("month"):
        audits = audits.filter(allocated_at__year=month.year, allocated_at__month=month.month)
    return audits.order_by("-allocated_at", "-pk")


def audit_detail(*, user: User, pk: int) -> QuerySet[Audit]:
    """The audit (if in scope) with everything its page shows, in a fixed number of queries."""
    return (
        _with_people(access.audits_visible_to(user))
        .filter(pk=pk)
        .annotate(
            scored=Count("area_scores", filter=Q(area_scores__score__isnull=False), distinct=True),
            action_count=Count("actions", distinct=True),
            family_count=Count("family_feedback", distinct=True),
            child_count=Count("child_feedback", distinct=True),
            child_not_obtained=Count(
                "feedback_not_obtained",
                filter=Q(feedback_not_obtained__kind="child"),
                distinct=True,
            ),
            family_not_obtained=Count(
                "feedback_not_obtained",
                filter=Q(feedback_not_obtained__kind="family"),
                distinct=True,
            ),
        )
        .select_related("follow_up")
        .prefetch_related(
            Prefetch("area_scores", queryset=AreaScore.objects.order_by("area")),
            Prefetch(
                "self_assessments",
                queryset=SelfAssessment.objects.select_related("author", "waived_by"),
            ),
            "events__actor",
        )
    )


@dataclass(frozen=True)
class AreaRow:
    area: PracticeArea
    score: AreaScore | None

    @property
    def status(self) -> str:
        saved = self.score
        if saved is not None and saved.score is not None:
            return "Scored"
        texts = (
            (saved.signs_of_impact, saved.worked_well, saved.to_move_up, saved.rationale)
            if saved
            else ()
        )
        return "In progress" if any(texts) else "Not started"


def area_rows(audit: Audit) -> list[AreaRow]:
    """The 19 areas in order with their saved score (from the prefetched scores)."""
    saved = {s.area: s for s in audit.area_scores.all()}
    return [AreaRow(area, saved.get(area.number)) for area in PRACTICE_AREAS]


def self_assessment_rows(audit: Audit) -> list[tuple[User, SelfAssessment | None]]:
    """Each person asked for a self-assessment, with theirs if they have started it."""
    mine = {s.author_id: s for s in audit.self_assessments.all()}
    return [(person, mine.get(person.pk)) for person in audit.self_assessors]


def audits_to_prepare(*, user: User) -> QuerySet[Audit]:
    """Audits in progress allocated to the user as auditor."""
    return _with_people(Audit.objects.filter(auditor=user, status__in=OPEN_STATUSES)).order_by(
        "meeting_date", "allocated_at"
    )


def self_assessments_due(*, user: User) -> QuerySet[Audit]:
    """Audits of the user's cases still waiting for their self-assessment."""
    done = SelfAssessment.objects.filter(author=user).filter(
        Q(submitted_at__isnull=False) | ~Q(waived_reason="")
    )
    return _with_people(
        Audit.objects.filter(Q(practitioner=user) | Q(staying_together_worker=user))
        .filter(status__in=OPEN_STATUSES[:2])
        .exclude(pk__in=done.values("audit_id"))
    ).order_by("meeting_date", "allocated_at")


def team_audits_in_progress(*, user: User) -> QuerySet[Audit]:
    """Audits in progress of the cases of the teams the user manages: whose case, by whom."""
    return _with_people(
        Audit.objects.filter(team__in=access.teams_managed_by(user), status__in=OPEN_STATUSES)
    ).order_by("team__name", "allocated_at")


def allocated_by(*, user: User) -> QuerySet[Audit]:
    """Audits in progress that the user allocated."""
    return _with_people(Audit.objects.filter(allocated_by=user, status__in=OPEN_STATUSES))


def feedback_status(audit: Audit) -> str:
    """Section 5's task status, from the counts audit_detail annotates."""
    family = audit.family_count + audit.family_not_obtained
    child = audit.child_count + audit.child_not_obtained
    if family and child:
        return "Completed"
    return "In progress" if family or child else "Not started"


def follow_ups_due(*, user: User) -> QuerySet[FollowUp]:
    """Follow-ups the user (as auditor) has still to record, soonest first."""
    return (
        FollowUp.objects.filter(
            audit__auditor=user, done_at__isnull=True, audit__status=AuditStatus.COMPLETED
        )
        .select_related("audit__child", "audit__team", "audit__manager")
        .order_by("due_date")
    )


def actions_owned(*, user: User) -> QuerySet[Action]:
    """Open actions the user owns, in audits that are not cancelled."""
    return (
        Action.objects.filter(owner=user, status=ActionStatus.OPEN)
        .exclude(audit__status=AuditStatus.CANCELLED)
        .select_related("audit__child")
        .order_by("-immediate", "due_date")
    )


def escalated(audits: QuerySet[Audit], *, now=None) -> QuerySet[Audit]:
    """The audits whose immediate actions are still open 24 hours after completion."""
    cutoff = (now or timezone.now()) - timedelta(hours=workdays.IMMEDIATE_ACTION_HOURS)
    return audits.filter(
        status__in=(AuditStatus.COMPLETED, AuditStatus.FOLLOWED_UP),
        completed_at__lte=cutoff,
        pk__in=Action.objects.filter(immediate=True, status=ActionStatus.OPEN).values("audit_id"),
    )


def open_escalations(*, user: User) -> QuerySet[Audit]:
    """Escalated audits of the teams in the user's management scope (every team for PSQA)."""
    scope = Audit.objects.filter(team__in=access.teams_managed_by(user))
    return _with_people(escalated(scope)).order_by("completed_at")
