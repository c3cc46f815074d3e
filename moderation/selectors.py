"""Reads of moderation (scope always from moderation/access.py). Nothing here writes."""

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from audits.contributions import Task, Unmet
from audits.models import Action, ActionSource, AreaScore, Audit, band_q
from audits.practice_areas import AREA_COUNT, PRACTICE_AREAS, PracticeArea
from bexley_qa import workflow as task_list
from bexley_qa.people import lines, readlog
from bexley_qa.people.access import Rule
from bexley_qa.people.models import User

from . import access
from .models import ActionReview, Moderation, ModerationScore, ModerationStatus, Sample


def _with_audit(moderations: QuerySet[Moderation]) -> QuerySet[Moderation]:
    return moderations.select_related(
        "audit__child",
        "audit__team__service",
        "audit__auditor",
        "audit__practitioner",
        "moderator",
        "sample",
    )


def moderation_for(request: HttpRequest, pk: int, *, may: Rule | None = None) -> Moderation:
    """The moderation with what its pages show: 404 out of scope, 403 when `may` refuses."""
    moderation = (
        _with_audit(access.moderations_visible_to(request.user))
        .filter(pk=pk)
        .prefetch_related(
            Prefetch("scores", queryset=ModerationScore.objects.order_by("area")),
            Prefetch("action_reviews", queryset=ActionReview.objects.select_related("action")),
        )
        .first()
    )
    if moderation is None:
        raise Http404("No moderation in your scope")
    if may is None and access.selects_moderations_only(request.user):
        # They select and allocate: the sample's rows and the allocate and remove pages, never
        # what the audit or the moderation says.
        raise Http404("No moderation in your scope")
    if may is not None:
        may.require(request.user, moderation)
    readlog.viewed(request, child_id=moderation.audit.child_id, audit_id=moderation.audit_id)
    return moderation


@dataclass(frozen=True)
class AreaRow:
    area: PracticeArea
    auditor_score: int | None
    moderator: ModerationScore | None
    practitioner_scores: tuple[int, ...] = ()

    @property
    def moderator_score(self) -> int | None:
        return self.moderator.score if self.moderator else None

    @property
    def difference(self) -> int | None:
        if self.moderator_score is None or self.auditor_score is None:
            return None
        return self.moderator_score - self.auditor_score

    @property
    def status(self) -> task_list.TaskStatus:
        if self.moderator_score is not None:
            return task_list.done(f"Scored {self.moderator_score}")
        return task_list.task_status(
            finished=False, started=bool(self.moderator and self.moderator.comment)
        )


def area_rows(moderation: Moderation) -> list[AreaRow]:
    """The 19 areas: the auditor's score beside the moderator's."""
    auditor = {s.area: s.score for s in moderation.audit.area_scores.all()}
    mine = {s.area: s for s in moderation.scores.all()}
    return [AreaRow(a, auditor.get(a.number), mine.get(a.number)) for a in PRACTICE_AREAS]


def audit_actions(moderation: Moderation) -> list[tuple[Action, ActionReview | None]]:
    """The audit's own actions, each with the moderator's review of it (if recorded)."""
    reviews = {r.action_id: r for r in moderation.action_reviews.all()}
    actions = moderation.audit.actions.exclude(source=ActionSource.MODERATION).select_related(
        "owner"
    )
    return [(a, reviews.get(a.pk)) for a in actions]


def moderation_actions(moderation: Moderation) -> QuerySet[Action]:
    return moderation.audit.actions.filter(source=ActionSource.MODERATION).order_by("pk")


def finalise_problems(moderation: Moderation) -> list[Unmet]:
    """What must be recorded before the moderation can be finalised, in the form's order."""
    problems = []
    scored = sum(1 for s in moderation.scores.all() if s.score is not None)
    if scored < AREA_COUNT:
        done = {s.area for s in moderation.scores.all() if s.score is not None}
        problems.append(
            Unmet(
                f"Score all {AREA_COUNT} practice areas ({scored} scored so far)",
                "moderation:area",  # the first area still to score
                args=(min(set(range(1, AREA_COUNT + 1)) - done, default=1),),
            )
        )
    if not (moderation.good_practice and moderation.areas_for_development):
        problems.append(
            Unmet("Comment on good practice and on areas for development", "moderation:comments")
        )
    reviewed = {r.action_id for r in moderation.action_reviews.all()}
    own = moderation.audit.actions.exclude(source=ActionSource.MODERATION)
    if own.exclude(pk__in=reviewed).exists():
        problems.append(
            Unmet("Say whether each of the audit's actions was completed", "moderation:actions")
        )
    if moderation.grade is None or not moderation.agreement:
        problems.append(
            Unmet("Record your grade and whether you agree with the auditor's", "moderation:grade")
        )
    elif moderation.disagrees and not (
        moderation.meeting_date
        and moderation.meeting_attendees
        and moderation.agreed_grade is not None
        and moderation.learning_strengths
        and moderation.learning_to_develop
    ):
        problems.append(
            Unmet(
                "Record the meeting with the auditor: its date, who attended, the agreed grade "
                "and the learning for the auditor",
                "moderation:meeting",
            )
        )
    return problems


def tasks(moderation: Moderation, *, can_moderate: bool, actions_to_review: int) -> list[Task]:
    """The moderation's task list (links only for the moderator)."""

    def url(name: str) -> str | None:
        return reverse(f"moderation:{name}", args=[moderation.pk]) if can_moderate else None

    reviewed = len(moderation.action_reviews.all())
    own = actions_to_review
    rows = [
        Task(
            "comments",
            "Good practice and areas for development",
            url("comments"),
            task_list.task_status(
                finished=bool(moderation.good_practice and moderation.areas_for_development)
            ),
        ),
        Task(
            "actions",
            "Were the audit's actions completed?",
            url("actions"),
            task_list.task_status(finished=reviewed >= own) if own else task_list.NOTHING_TO_DO,
        ),
        Task(
            "grade",
            "Your grade and agreement with the auditor's",
            url("grade"),
            task_list.task_status(finished=bool(moderation.agreement)),
        ),
    ]
    if moderation.disagrees:
        rows.append(
            Task(
                "meeting",
                "The meeting with the auditor: the agreed grade and learning",
                url("meeting"),
                task_list.task_status(finished=moderation.agreed_grade is not None),
            )
        )
    return rows


# Lists ----------------------------------------------------------------------------------------------


def sample_rows(*, user: User, sample: Sample | None, filters: dict) -> QuerySet[Moderation]:
    """The sample's moderations in the user's scope, filtered."""
    if sample is None:
        return Moderation.objects.none()
    rows = _with_audit(access.moderations_visible_to(user)).filter(sample=sample)
    if service := filters.get("service"):
        rows = rows.filter(audit__team__service=service)
    if moderator := filters.get("moderator"):
        rows = rows.filter(moderator=moderator)
    if band := filters.get("band"):
        rows = rows.filter(band_q(band, prefix="audit__"))
    state = filters.get("state")
    today = timezone.localdate()
    if state == "overdue":
        rows = rows.filter(status=ModerationStatus.ALLOCATED, return_date__lt=today)
    elif state:
        rows = rows.filter(status=state)
    else:
        rows = rows.exclude(status=ModerationStatus.REMOVED)
    return rows.order_by("status", "audit__team__name", "audit__pk")


def sample_counts(sample: Sample | None, *, user: User) -> dict[str, int]:
    """How many of the sample, in the user's scope, are proposed, allocated, overdue, finalised,
    removed (one query)."""
    if sample is None:
        return {}
    today = timezone.localdate()
    # Those who run the sample count all of it, finalised ones too (numbers, not their content).
    counted = (
        Moderation.objects.all()
        if access.can_manage_sample(user)
        else access.moderations_visible_to(user)
    )
    return counted.filter(sample=sample).aggregate(
        proposed=Count("pk", filter=Q(status=ModerationStatus.PROPOSED)),
        allocated=Count("pk", filter=Q(status=ModerationStatus.ALLOCATED)),
        overdue=Count("pk", filter=Q(status=ModerationStatus.ALLOCATED, return_date__lt=today)),
        finalised=Count("pk", filter=Q(status=ModerationStatus.FINALISED)),
        removed=Count("pk", filter=Q(status=ModerationStatus.REMOVED)),
    )


def moderations_due(*, user: User) -> QuerySet[Moderation]:
    """The moderations allocated to the user and not yet finalised, soonest due first."""
    return _with_audit(
        Moderation.objects.filter(moderator=user, status=ModerationStatus.ALLOCATED)
    ).order_by("return_date", "pk")


def moderations_of_my_audits(*, user: User) -> QuerySet[Moderation]:
    """Finalised moderations of the user's own audits (the learning recorded for them)."""
    return _with_audit(
        Moderation.objects.filter(audit__auditor=user, status=ModerationStatus.FINALISED)
    ).order_by("-finalised_at")[:10]


def oversight_awaited(*, user: User) -> QuerySet[Moderation]:
    """Finalised moderations of the teams the user manages awaiting their oversight note."""
    return _with_audit(
        Moderation.objects.filter(
            lines.own_teams_q(user, "audit__team"),
            status=ModerationStatus.FINALISED,
            oversight_recorded_at__isnull=True,
        )
    ).order_by("finalised_at")


def moderation_of_audit(audit: Audit) -> Moderation | None:
    """The audit's live moderation, if any."""
    return (
        audit.moderations.exclude(status=ModerationStatus.REMOVED)
        .select_related("moderator")
        .first()
    )


def insights(*, user: User, group_by: str) -> list[dict]:
    """Agreement and grade shift of finalised moderations in the user's scope, by auditor, team,
    service or month: counted and averaged in SQL."""
    keys = {
        "auditor": ("audit__auditor__first_name", "audit__auditor__last_name"),
        "team": ("audit__team__name",),
        "service": ("audit__team__service__name",),
        "month": ("sample__month",),
    }[group_by]
    rows = (
        access.moderations_counted_for(user)
        .filter(status=ModerationStatus.FINALISED)
        .values(*keys)
        .annotate(
            moderated=Count("pk"),
            agreed=Count("pk", filter=Q(agreement="agree")),
            raised=Count("pk", filter=Q(final_grade__gt=F("audit__grade"))),
            lowered=Count("pk", filter=Q(final_grade__lt=F("audit__grade"))),
        )
        .order_by(*keys)
    )
    return [
        {
            "label": " ".join(str(row[k]) for k in keys)
            if group_by != "month"
            else f"{row['sample__month']:%B %Y}",
            **row,
            "agreement_percent": round(100 * row["agreed"] / row["moderated"]),
        }
        for row in rows
    ]


def area_differences(*, user: User) -> list[tuple[PracticeArea, float, int]]:
    """The practice areas where moderators' and auditors' scores differ most (mean absolute
    difference over finalised moderations in scope), largest first."""
    auditor_score = AreaScore.objects.filter(
        audit=OuterRef("moderation__audit"), area=OuterRef("area")
    ).values("score")[:1]
    rows = (
        ModerationScore.objects.filter(
            moderation__in=access.moderations_counted_for(user).filter(
                status=ModerationStatus.FINALISED
            ),
            score__isnull=False,
        )
        .annotate(auditor=Subquery(auditor_score))
        .filter(auditor__isnull=False)
        .values("area")
        .annotate(
            gap=Avg(Func(F("score") - F("auditor"), function="ABS")),
            count=Count("pk"),
        )
        .order_by("-gap", "area")
    )
    by_number = {a.number: a for a in PRACTICE_AREAS}
    return [(by_number[r["area"]], float(r["gap"]), r["count"]) for r in rows]


def finalised_moderation_of(audit: Audit) -> Moderation | None:
    """For the audit's PDF: its finalised moderation, with what the moderator recorded."""
    return (
        audit.moderations.filter(status=ModerationStatus.FINALISED)
        .select_related("moderator")
        .prefetch_related(
            Prefetch("action_reviews", queryset=ActionReview.objects.select_related("action")),
            "amendments__amended_by",
        )
        .first()
    )


def records_of_child(child) -> list[tuple[str, type, dict]]:
    """Everything the moderation holds about a child (bexley_qa/people/records.py)."""
    from .models import Amendment

    moderations = {"moderation__audit__child": child}
    return [
        ("Moderations", Moderation, {"audit__child": child}),
        ("Moderation scores", ModerationScore, moderations),
        ("Moderation action reviews", ActionReview, moderations),
        ("Amendments", Amendment, moderations),
    ]
