"""Reads of audits: what a person may see (scope always from audits/access.py), and what is
true of an audit (is the child's case already being audited, which completion rules are unmet).
Nothing here writes."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone

from bexley_qa import workdays
from bexley_qa import workflow as tasks
from bexley_qa.people import lines, readlog
from bexley_qa.people.access import Rule
from bexley_qa.people.models import Child, User
from bexley_qa.planning import planned_with_fewer_join_orders
from bexley_qa.references import pk_of_reference, reference_of
from bexley_qa.workdays import add_months

from . import access, contributions, workflow
from .contributions import Unmet
from .models import (
    Action,
    ActionStatus,
    AreaScore,
    Audit,
    AuditKind,
    AuditStatus,
    Band,
    FollowUp,
    ManagerReview,
    Observation,
    OversightNote,
    PracticeObservation,
    ReviewKind,
    SelfAssessment,
    band_q,
    open_immediate_q,
)
from .practice_areas import AREA_COUNT, AREAS_BY_NUMBER, PRACTICE_AREAS, PracticeArea
from .workflow import BEFORE_GRADING, DONE, OPEN

RECENT_AUDIT_DAYS = 365


PEOPLE = ("auditor", "practitioner", "manager", "staying_together_worker")


def _with_people(audits: QuerySet[Audit]) -> QuerySet[Audit]:
    return audits.select_related("child", "team__service", *PEOPLE)


def allocation_list(*, user: User, filters: dict) -> QuerySet[Audit]:
    """Allocation rows in the user's scope, filtered, newest first, ready for a list or CSV."""
    # Eight tables joined: the list's view plans them with fewer join orders (bexley_qa/planning).
    audits = _with_people(access.allocations_visible_to(user))
    if find := " ".join(filters.get("find", "").split()):
        pk = pk_of_reference(find)
        audits = audits.filter(pk=pk) if pk is not None else audits.filter(child__case_id=find)
    if service := filters.get("service"):
        audits = audits.filter(team__service=service)
    if team := filters.get("team"):
        audits = audits.filter(team=team)
    if auditor := filters.get("auditor"):
        audits = audits.filter(auditor=auditor)
    if status := filters.get("status"):
        audits = audits.filter(status=status)
    if band := filters.get("band"):
        audits = audits.filter(band_q(band))
    if theme := filters.get("theme"):
        audits = audits.filter(theme=theme)
    if month := filters.get("month"):
        audits = audits.filter(allocated_at__year=month.year, allocated_at__month=month.month)
    if completed := filters.get("completed"):
        audits = audits.filter(
            completed_at__year=completed.year, completed_at__month=completed.month
        )
    if start := filters.get("completed_from"):
        audits = audits.filter(completed_at__gte=workdays.start_of(start))
    if end := filters.get("completed_to"):
        audits = audits.filter(completed_at__lt=workdays.start_of(add_months(end, 1)))
    if moderated := filters.get("moderated"):
        audits = audits.filter(
            moderated_at__gte=workdays.start_of(moderated),
            moderated_at__lt=workdays.start_of(add_months(moderated, 1)),
        )
    if kind := filters.get("kind"):
        audits = audits.filter(kind=kind)
    if plan_type := filters.get("plan_type"):
        audits = audits.filter(child__plan_type=plan_type)
    return audits.order_by("-allocated_at", "-pk")


def audit_detail(*, user: User, pk: int) -> QuerySet[Audit]:
    """The audit (if in scope) with everything its page shows, in a fixed number of queries."""
    return _detailed(access.audits_visible_to(user)).filter(pk=pk)


def audit_record(pk: int) -> Audit | None:
    """The audit with everything its PDF shows, whoever asks (the background job that draws
    the PDF; no reader's scope: never for a view)."""
    return _detailed(Audit.objects.filter(pk=pk)).first()


def _detailed(audits: QuerySet[Audit]) -> QuerySet[Audit]:
    return (
        _with_people(audits)
        .annotate(
            scored=Count("area_scores", filter=Q(area_scores__score__isnull=False), distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .select_related("follow_up")
        .prefetch_related(
            Prefetch("area_scores", queryset=AreaScore.objects.order_by("area")),
            Prefetch(
                "self_assessments",
                queryset=SelfAssessment.objects.select_related("author", "waived_by"),
            ),
            "events__actor",
            Prefetch(
                "manager_reviews", queryset=ManagerReview.objects.select_related("recorded_by")
            ),
        )
        .select_related(
            "oversight_note__recorded_by", "child__allocated_worker", "child__case_system"
        )
    )


@dataclass(frozen=True)
class AreaRow:
    area: PracticeArea
    score: AreaScore | None

    @property
    def status(self) -> tasks.TaskStatus:
        saved = self.score
        if saved is not None and saved.score is not None:
            return tasks.done(f"Scored {saved.score}")
        texts = (
            (saved.signs_of_impact, saved.worked_well, saved.to_move_up, saved.rationale)
            if saved
            else ()
        )
        return tasks.task_status(finished=False, started=any(texts))


def area_rows(audit: Audit) -> list[AreaRow]:
    """The 19 areas in order with their saved score (from the prefetched scores)."""
    saved = {s.area: s for s in audit.area_scores.all()}
    return [AreaRow(area, saved.get(area.number)) for area in PRACTICE_AREAS]


def self_assessment_rows(audit: Audit) -> list[tuple[User, SelfAssessment | None]]:
    """Each person asked for a self-assessment, with theirs if they have started it."""
    mine = {s.author_id: s for s in audit.self_assessments.all()}
    return [(person, mine.get(person.pk)) for person in audit.self_assessors]


def audit_for(
    request: HttpRequest, pk: int, *, may: Rule | None = None, logged: bool = True
) -> Audit:
    """The audit with everything its pages show: 404 when it is out of the user's scope (as if it
    did not exist), 403 when they may read it but `may` refuses them what the page does. The read
    is logged unless `logged` is False (a picture that is part of a page already logged)."""
    with planned_with_fewer_join_orders():
        audit = audit_detail(user=request.user, pk=pk).first()
    if audit is None:
        raise Http404("No audit in your scope")
    if may is not None:
        may.require(request.user, audit)
    if logged:
        readlog.viewed(request, child_id=audit.child_id, audit_id=audit.pk)
    return audit


def audits_to_prepare(*, user: User) -> QuerySet[Audit]:
    """Audits in progress allocated to the user as auditor."""
    return _with_people(Audit.objects.filter(auditor=user, status__in=OPEN)).order_by(
        "meeting_date", "allocated_at"
    )


def self_assessments_due(*, user: User) -> QuerySet[Audit]:
    """Audits of the user's cases still waiting for their self-assessment."""
    done = SelfAssessment.objects.filter(author=user).filter(
        Q(submitted_at__isnull=False) | ~Q(waived_reason="")
    )
    return _with_people(
        Audit.objects.filter(Q(practitioner=user) | Q(staying_together_worker=user))
        .filter(status__in=BEFORE_GRADING)
        .exclude(pk__in=done.values("audit_id"))
    ).order_by("meeting_date", "allocated_at")


def team_audits_in_progress(*, user: User) -> QuerySet[Audit]:
    """Audits in progress of the cases of the teams the user manages: whose case, by whom."""
    return _with_people(Audit.objects.filter(lines.over_teams_q(user), status__in=OPEN)).order_by(
        "team__name", "allocated_at"
    )


def allocated_by(*, user: User) -> QuerySet[Audit]:
    """Audits in progress that the user allocated."""
    return _with_people(Audit.objects.filter(allocated_by=user, status__in=OPEN))


def follow_ups_due(*, user: User) -> QuerySet[FollowUp]:
    """Follow-ups the user (as auditor) has still to record, soonest first."""
    return (
        FollowUp.objects.filter(
            audit__auditor=user,
            done_at__isnull=True,
            audit__status__in=workflow.FOLLOW_UP.sources,
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
    """Inadequate audits whose immediate actions are still open 24 hours after the outcome was
    sent (only an Inadequate outcome is sent, so only Inadequate audits escalate)."""
    return audits.exclude(status=AuditStatus.CANCELLED).filter(
        Exists(Action.objects.filter(open_immediate_q(), audit=OuterRef("pk"))),
        outcome_sent_at__lte=workdays.asked_before_escalation(now),
    )


def open_escalations(*, user: User) -> QuerySet[Audit]:
    """Escalated audits of the teams in the user's management scope (every team for PSQA)."""
    scope = Audit.objects.filter(lines.over_teams_q(user))
    return _with_people(escalated(scope)).order_by("outcome_sent_at")


def audit_named(audits: QuerySet[Audit], text: str, *, what: str = "audit") -> Audit:
    """The audit someone typed, among `audits`: by its reference (AUD-00042) or by its child's
    case ID when the case has one such audit. ValidationError, saying what to type, otherwise."""
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Enter the audit's reference (like AUD-00042) or the case ID")
    if (pk := pk_of_reference(text)) is not None:
        if audit := audits.filter(pk=pk).select_related("child").first():
            return audit
        raise ValidationError(f"There is no {what} {reference_of(pk)}")
    found = list(
        audits.filter(child__case_id=text).select_related("child").order_by("-allocated_at")[:6]
    )
    if not found:
        raise ValidationError(
            f"There is no {what} of case {text}: enter the audit's reference (like AUD-00042) "
            "or the case ID"
        )
    if len(found) > 1:
        raise ValidationError(
            f"Case {text} has more than one {what}: enter the reference of the one you mean "
            f"({', '.join(a.reference for a in found)})"
        )
    return found[0]


# Allocation: what stops a child's case being allocated ------------------------------------------


def open_audit_of(child: Child) -> Audit | None:
    """The child's audit in progress, if there is one (there is at most one)."""
    return child.audits.filter(status__in=OPEN).select_related("auditor").first()


def recent_audit_of(child: Child, *, today: date | None = None) -> Audit | None:
    """The child's latest audit allocated in the last 12 months (cancelled ones do not count)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=RECENT_AUDIT_DAYS)
    return (
        child.audits.exclude(status=AuditStatus.CANCELLED)
        .filter(allocated_at__date__gte=since)
        .select_related("auditor")
        .order_by("-allocated_at")
        .first()
    )


def allocation_problems(
    *,
    child: Child,
    auditor: User | None,
    practitioner: User | None = None,
    kind: str = AuditKind.ROUTINE,
) -> dict[str, str]:
    """Everything that stops this allocation, by field, in plain English (empty when none)."""
    problems = {}
    if not child.is_open:
        problems["child"] = f"Case {child.case_id} is closed: only open cases can be audited"
    elif existing := open_audit_of(child):
        problems["child"] = (
            f"Case {child.case_id} already has an audit in progress (auditor: {existing.auditor})"
        )
    if auditor is not None and (problem := access.auditor_problem(auditor, child, kind)):
        problems["auditor"] = problem
    if practitioner is not None and practitioner.pk != child.allocated_worker_id:
        problems["practitioner"] = (
            f"{practitioner} is not the allocated worker on the case record "
            f"({child.allocated_worker} is)"
        )
    return problems


# Completion: the rules of the form, in its order (apps above add theirs, see contributions.py) -----


def _meeting_and_section_1(audit: Audit) -> list[Unmet]:
    """The audit meeting took place (it has a date) and Section 1 is checked and saved, and says
    a practice observation is needed when the framework asks for one."""
    problems = []
    if audit.meeting_date is None:
        problems.append(
            Unmet("Book the date of the audit meeting", "audits:detail", anchor="id_meeting_date_0")
        )
    if audit.section_1_confirmed_at is None:
        problems.append(
            Unmet("Check and save Section 1: the case demographics and dates", "audits:section-1")
        )
    elif audit.needs_practice_observation and (
        audit.practice_observation == PracticeObservation.NOT_REQUIRED
    ):
        problems.append(
            Unmet(
                "Section 1 says no practice observation is required, but the framework asks for"
                " one: say it is required or undertaken",
                "audits:section-1",
            )
        )
    return problems


def _areas_scored(audit: Audit) -> list[Unmet]:
    scored = audit.areas_scored()
    if scored < AREA_COUNT:
        done = {s.area for s in audit.area_scores.all() if s.score is not None}
        first = min(set(range(1, AREA_COUNT + 1)) - done, default=1)
        return [
            Unmet(
                f"Score all {AREA_COUNT} practice areas ({scored} scored so far)",
                "audits:area",
                args=(first,),
            )
        ]
    return []


def _graded(audit: Audit) -> list[Unmet]:
    return (
        [Unmet("Grade the audit overall (Section 6)", "audits:grade")]
        if audit.grade is None
        else []
    )


def _self_assessments(audit: Audit) -> list[Unmet]:
    assessments = {s.author_id: s for s in audit.self_assessments.all()}
    problems = []
    for person in audit.self_assessors:
        done = assessments.get(person.pk)
        if not (done and done.is_done):
            problems.append(
                Unmet(
                    f"{person}'s self-assessment is not submitted: waive it with a reason if it cannot be",
                    "audits:waive-self-assessment",
                    args=(person.pk,),
                )
            )
    return problems


def _an_action(audit: Audit) -> list[Unmet]:
    if audit.actions.exists():
        return []
    return [
        Unmet(
            "Record at least one action: actions are recorded even on a Good audit",
            "audits:actions",
        )
    ]


def _needed_to_reach_good(audit: Audit) -> list[Unmet]:
    """Below Good: the immediate actions to reach it; Inadequate or Practice Week: a practice
    observation. (An Inadequate outcome is sent only once these are recorded.)"""
    problems = []
    if audit.below_good and not audit.actions.filter(immediate=True).exists():
        problems.append(
            Unmet(
                "Record the immediate actions needed to reach Good (the grade is below Good)",
                "audits:actions",
            )
        )
    if practice_observation_missing(audit):
        why = (
            "the audit is Inadequate"
            if audit.is_inadequate
            else "the audit is part of Practice Week"
        )
        problems.append(Unmet(f"Add a practice observation as an action: {why}", "audits:actions"))
    return problems


def _outcome_sent(audit: Audit) -> list[Unmet]:
    if audit.is_inadequate and audit.outcome_sent_at is None:
        return [
            Unmet(
                "Send the Inadequate outcome to the worker, their managers and PSQA",
                "audits:send-outcome",
            )
        ]
    return []


# Feedback (Section 5) registers at 40, between the self-assessments and the actions.
AUDIT_COMPLETION_RULES = (
    (5, _meeting_and_section_1),
    (10, _areas_scored),
    (20, _graded),
    (30, _self_assessments),
    (50, _an_action),
    (51, _needed_to_reach_good),
    (60, _outcome_sent),
)


def completion_problems(audit: Audit) -> list[Unmet]:
    """Every completion rule the audit does not meet yet, in the form's order."""
    rules = sorted([*AUDIT_COMPLETION_RULES, *contributions.completion_rules()], key=lambda r: r[0])
    return [problem for _, rule in rules for problem in rule(audit)]


def practice_observation_missing(audit: Audit) -> bool:
    """The framework requires a practice observation action and none is recorded yet."""
    return audit.needs_practice_observation and not any(
        a.practice_observation for a in audit.actions.all()
    )


# The Inadequate outcome -----------------------------------------------------------------------------


def outcome_problems(audit: Audit) -> list[Unmet]:
    """What must be recorded before an Inadequate outcome is sent."""
    return _needed_to_reach_good(audit)


@dataclass(frozen=True)
class Recipient:
    person: User
    why: str  # their part in this child's case, as the confirmation page says it


def inadequate_outcome_recipients(audit: Audit) -> list[Recipient]:
    """Who is told of an Inadequate outcome (the framework's 1.3 and its appendix): the workers,
    the line over the child's team (lines.managers_over: its managers, the service's managers,
    head of service and assistant director), the deputy director and PSQA."""
    line = [
        (audit.practitioner, "Allocated worker"),
        (audit.staying_together_worker, "Staying Together worker"),
        *((over.person, over.part) for over in lines.managers_over(audit.team)),
        *((person, "Deputy director") for person in lines.deputy_directors()),
        *((person, "PSQA") for person in lines.psqa_officers()),
    ]
    recipients: dict[int, Recipient] = {}
    for person, why in line:
        if person is None or not person.is_active:
            continue
        if person.pk in recipients:
            why = f"{recipients[person.pk].why}; {why}"
        recipients[person.pk] = Recipient(person, why)
    return list(recipients.values())


# The team manager's part after completion -----------------------------------------------------------


def oversight_notes_awaited(*, user: User) -> QuerySet[Audit]:
    """Completed audits of the teams the user manages with no management oversight note yet."""
    return _with_people(
        Audit.objects.filter(lines.own_teams_q(user), status__in=DONE, oversight_note__isnull=True)
    ).order_by("completed_at")


def team_actions_open(*, user: User) -> QuerySet[Action]:
    """Open actions of the completed audits of the teams the user manages: they stay on the
    manager's home page, reviewed in supervision, until each is done (those the manager owns are
    listed as their own already)."""
    return (
        Action.objects.filter(
            lines.own_teams_q(user, "audit__team"),
            audit__status__in=DONE,
            status=ActionStatus.OPEN,
        )
        .exclude(owner=user)
        .select_related("audit__child", "audit__team", "owner")
        .order_by("-immediate", "due_date", "pk")
    )


# The managers' reviews after an audit -------------------------------------------------------------


def _review_settled(kind: str) -> Exists:
    """A review of this kind that is satisfied: nothing more is asked of the reviewer."""
    return Exists(ManagerReview.objects.filter(audit=OuterRef("pk"), kind=kind, satisfied=True))


def _inadequate_sent() -> QuerySet[Audit]:
    return Audit.objects.filter(outcome_sent_at__isnull=False).exclude(status=AuditStatus.CANCELLED)


def inadequate_reviews_awaited(*, user: User) -> QuerySet[Audit]:
    """Inadequate audits of the services the user manages as service manager whose outcome is
    sent and that no review yet says they are satisfied with, oldest first."""
    return (
        _with_people(
            _inadequate_sent()
            .filter(team__service__in=lines.services_of_service_manager(user))
            .exclude(_review_settled(ReviewKind.SERVICE_MANAGER))
        )
        .prefetch_related("manager_reviews")
        .order_by("outcome_sent_at", "pk")
    )


def inadequate_reviews_overdue(*, today: date | None = None) -> QuerySet[Audit]:
    """Inadequate audits no service manager has reviewed within 5 working days of the outcome
    (bexley_qa/workdays.py): PSQA see them."""
    cut_off = workdays.service_manager_reviews_overdue_if_sent_by(today or timezone.localdate())
    return _with_people(
        _inadequate_sent()
        .filter(outcome_sent_at__lt=workdays.start_of(cut_off + timedelta(days=1)))
        .exclude(manager_reviews__kind=ReviewKind.SERVICE_MANAGER)
    ).order_by("outcome_sent_at", "pk")


def close_offs_awaited(*, user: User) -> QuerySet[Audit]:
    """Completed audits of the teams the user manages, their oversight note recorded, that no
    close-off yet says meet expected practice standards, oldest first."""
    return (
        _with_people(
            Audit.objects.filter(
                lines.own_teams_q(user), status__in=DONE, oversight_note__isnull=False
            ).exclude(_review_settled(ReviewKind.CLOSE_OFF))
        )
        .prefetch_related("manager_reviews")
        .order_by("completed_at", "pk")
    )


# The practitioner's recent practice observations ----------------------------------------------------

OBSERVATIONS_SINCE_MONTHS = 12


@dataclass(frozen=True)
class RecentObservation:
    on: date
    what: (
        str  # "Direct work with a child or family (Practice Week)", "A practice observation action"
    )
    by: str


def recent_observations(audit: Audit) -> list[RecentObservation]:
    """The framework: "Auditors should check with the relevant line manager if a recent practice
    observation has been undertaken of the practitioner". The practitioner's observations in the
    last twelve months: those recorded (in Practice Week or not) and the practice observation
    actions of other audits marked done, newest first (two queries; nothing of the other audits
    but the date)."""
    since = add_months(timezone.localdate(), -OBSERVATIONS_SINCE_MONTHS)
    found = [
        RecentObservation(
            o.observed_on,
            o.get_kind_display() + (" (Practice Week)" if o.practice_week_id else ""),
            str(o.observer),
        )
        for o in Observation.objects.filter(observed=audit.practitioner, observed_on__gte=since)
        .select_related("observer")
        .order_by("-observed_on")
    ]
    found += [
        RecentObservation(
            timezone.localdate(a.completed_at),
            "A practice observation, an audit's action",
            a.owner_display,
        )
        for a in Action.objects.filter(
            audit__practitioner=audit.practitioner,
            practice_observation=True,
            status=ActionStatus.DONE,
            completed_at__date__gte=since,
        )
        .exclude(audit=audit)
        .select_related("owner")
    ]
    return sorted(found, key=lambda o: o.on, reverse=True)


# Scores at a glance ----------------------------------------------------------------------------------


def self_assessed_scales(audit: Audit) -> list[tuple[str, int]]:
    """The practitioners' own scaling from their submitted self-assessments, labelled."""
    scales = []
    for person, assessment in self_assessment_rows(audit):
        if assessment is not None and assessment.is_submitted:
            scales.append(
                (f"{person.get_full_name()}: difference made", assessment.difference_score)
            )
            scales.append(
                (
                    f"{person.get_full_name()}: use of Signs of Safety",
                    assessment.signs_of_safety_score,
                )
            )
    return scales


# What senior managers and PSQA oversee, and a child's audits ------------------------------------------


@dataclass(frozen=True)
class Overview:
    """The audits of the teams in a senior manager's (or PSQA's) scope, at a glance."""

    in_progress: list[tuple[str, str, int]]  # (status, label, how many)
    inadequate: list[Audit]  # outcome sent, immediate actions still open (the first LISTED)
    overdue_follow_ups: list[FollowUp]  # the LISTED longest overdue
    oversight_awaited: list[Audit]  # the LISTED longest awaited
    reviews_overdue: list[Audit]  # service managers' reviews: the LISTED longest overdue
    counts: dict[str, int]  # how many there are of each list
    completed_this_month: list[tuple[str, str, int]]  # (band, label, how many)
    month_start: date

    @property
    def nothing(self) -> bool:
        return not (
            any(n for *_, n in self.in_progress)
            or self.inadequate
            or self.overdue_follow_ups
            or self.oversight_awaited
            or self.reviews_overdue
            or any(n for *_, n in self.completed_this_month)
        )


OVERVIEW_LISTED = 10  # a home page lists the most urgent; the count says how many in all


def overview(*, user: User, now=None) -> Overview:
    """Counted and listed in SQL, a fixed number of queries whatever the number of audits; each
    list the OVERVIEW_LISTED most urgent, with how many there are in all."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    month_start = workdays.first_of_month(today)
    scope = Audit.objects.filter(lines.over_teams_q(user))
    counts = dict(
        scope.filter(status__in=OPEN).order_by().values_list("status").annotate(n=Count("pk"))
    )
    # Subqueries, not joins and GROUP BY over every audit with its people: the lists read only
    # the rows they show (a county has tens of thousands of audits).
    open_immediate = Action.objects.filter(open_immediate_q(), audit=OuterRef("pk"))
    inadequate = (
        _with_people(
            scope.exclude(status=AuditStatus.CANCELLED)
            .filter(outcome_sent_at__isnull=False)
            .filter(Exists(open_immediate))
        )
        .annotate(
            open_immediate=Subquery(
                open_immediate.order_by().values("audit").annotate(n=Count("pk")).values("n")
            )
        )
        .order_by("outcome_sent_at")
    )
    overdue = (
        FollowUp.objects.filter(
            audit__in=scope,
            audit__status__in=workflow.FOLLOW_UP.sources,
            done_at__isnull=True,
            due_date__lt=today,
        )
        .select_related("audit__child", "audit__team", "audit__auditor")
        .order_by("due_date")
    )
    awaited = _with_people(
        scope.filter(status__in=DONE).exclude(
            Exists(OversightNote.objects.filter(audit=OuterRef("pk")))
        )
    ).order_by("completed_at")
    reviews_overdue = inadequate_reviews_overdue(today=today).filter(lines.over_teams_q(user))
    completed = scope.filter(completed_at__gte=workdays.start_of(month_start)).aggregate(
        **{band.value: Count("pk", filter=band_q(band)) for band in Band}
    )
    return Overview(
        in_progress=[(s.value, s.label, counts.get(s.value, 0)) for s in OPEN],
        inadequate=_first_listed(inadequate),
        overdue_follow_ups=_first_listed(overdue),
        oversight_awaited=_first_listed(awaited),
        reviews_overdue=_first_listed(reviews_overdue),
        counts={
            "inadequate": inadequate.count(),
            "overdue": overdue.count(),
            "awaited": awaited.count(),
            "reviews_overdue": reviews_overdue.count(),
        },
        completed_this_month=[(b.value, b.label, completed[b.value]) for b in Band],
        month_start=month_start,
    )


def _first_listed(rows: QuerySet) -> list:
    """The first OVERVIEW_LISTED rows: their ids found first, on the narrow table, then only
    those rows read with their people (joining every row's people before sorting them grew with
    the data; as one query with a subquery, PostgreSQL misjudged it and did the same). Always
    two queries, listed or not (a missing id, 0, when there is none)."""
    ids = list(rows.values_list("pk", flat=True)[:OVERVIEW_LISTED])
    found = {row.pk: row for row in rows.filter(pk__in=ids or [0]).order_by()}
    return [found[pk] for pk in ids if pk in found]


def audits_of_child(*, user: User, child: Child) -> QuerySet[Audit]:
    """The child's audits the user may read, newest first."""
    return _with_people(access.audits_visible_to(user).filter(child=child)).order_by(
        "-allocated_at"
    )


def audit_changes(audit: Audit) -> list:
    """Every change to the audit and its parts (areas, self-assessments, actions, follow-up,
    oversight note), from the change history, newest first, in words (bexley_qa/history.py)."""
    from bexley_qa import history

    from .models import Action, AreaScore, FollowUp, OversightNote, SelfAssessment

    def rows(model, **lookup):
        return history.history_of(model).objects.filter(**lookup).select_related("pgh_context")

    named: list[tuple[str, history.Change]] = []
    for change in history.changes(rows(Audit, pgh_obj_id=audit.pk), skip=["child_snapshot"]):
        named.append(("The audit", change))
    for change in history.changes(rows(AreaScore, audit_id=audit.pk), skip=["updated_by_id"]):
        area = AREAS_BY_NUMBER[change.record.area]
        named.append((f"Area {area.number} ({area.short_title})", change))
    # A self-assessment is the practitioner's own until submitted (or waived): its drafts are not
    # shown, only what it said once shared.
    shared = rows(SelfAssessment, audit_id=audit.pk).filter(
        Q(submitted_at__isnull=False) | ~Q(waived_reason="")
    )
    for change in history.changes(shared):
        named.append(("A self-assessment", change))
    for change in history.changes(rows(Action, audit_id=audit.pk)):
        named.append(("An action", change))
    for model, name in ((FollowUp, "The follow-up"), (OversightNote, "The oversight note")):
        for change in history.changes(rows(model, audit_id=audit.pk)):
            named.append((name, change))
    return history.lines(named)


def records_of_child(child: Child) -> list[tuple[str, type, dict]]:
    """Everything the audits hold about a child (bexley_qa/people/records.py): each kind of record
    with the lookup that finds the child's (on the records and on their change history alike)."""
    from .models import Action, AuditEvent, FollowUp, OversightNote

    audits = {"audit__child": child}
    return [
        ("Audits", Audit, {"child": child}),
        ("Practice area scores", AreaScore, audits),
        ("Self-assessments", SelfAssessment, audits),
        ("Actions", Action, audits),
        ("Follow-ups", FollowUp, audits),
        ("Oversight notes", OversightNote, audits),
        ("Audit events", AuditEvent, audits),
    ]
