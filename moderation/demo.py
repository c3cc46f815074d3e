"""The moderation part of the demo (`seed_demo --with-audits`): completed audits of every band,
built through the workflow's services as an auditor would, this month's sample proposed from
them, one moderation allocated to `moderator` in progress and one finalised after a
disagreement (so `team.manager`, its auditor, sees the learning)."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from audits import services as audit_services
from audits.access import auditor_problem as access_auditor_problem
from audits.models import (
    Action,
    ActionSource,
    ActionStatus,
    Audit,
    AuditEvent,
    FollowUp,
    ManagerReview,
    ReviewKind,
)
from audits.practice_areas import PRACTICE_AREAS
from audits.workflow import OPEN
from bexley_qa import workdays
from bexley_qa.people.models import Child, RoleCode, User
from feedback import services as feedback_services
from feedback.models import FamilyFeedback

from . import services
from .access import eligible_moderators_for
from .models import ActionCompleted, Agreement, Amendment, Moderation, Sample

# The grades of the demo's completed audits: every band, Inadequate first.
DEMO_GRADES = (2, 4, 6, 3, 5, 4)
DEMO_SEED = 20261127
# Some months' first audit is thematic, on one of the framework's core areas.
THEMES = (
    "safety_planning",
    "direct_work",
    "management_oversight",
    "plain_language",
)  # the demo's sample is drawn the same way every time


class _Answers:
    """An audit's answers: fixed from the grade without `rng`, scattered with it."""

    def __init__(self, grade: int, rng: random.Random | None):
        self.grade, self.rng = grade, rng
        self.gap = rng.choice((-2, -1, 0, 0, 1, 1, 1, 2, 2, 3)) if rng else 0
        self.scores: list[int] = []

    def area_score(self, number: int) -> int:
        if self.rng is None:
            score = min(10, self.grade + number % 4)
        else:
            score = max(0, min(10, round(self.grade * 1.3 + 0.5 + self.rng.gauss(0, 1.4))))
        self.scores.append(score)
        return score

    def self_assessed(self) -> bool:
        return self.rng.random() < 0.8 if self.rng else not self.grade % 2

    def own_scale(self, lift: int) -> int:
        """A practitioner's own 0-10 scale: the auditor's mean and their own leaning."""
        if self.rng is None:
            return min(10, self.grade + lift)
        mean = sum(self.scores) / len(self.scores)
        return max(0, min(10, round(mean + self.gap + self.rng.gauss(0, 0.8))))

    def family_reached(self) -> bool:
        return self.rng.random() < 0.65 if self.rng else not self.grade % 2

    def statement(self, number: int) -> int:
        if self.rng is None:
            return min(10, self.grade + 1 + (number % 3))
        return max(0, min(10, round(self.grade + 2 + self.rng.gauss(0, 1.8))))


def complete_audit(
    *, child: Child, auditor: User, support: User, grade: int, again: bool = False, theme: str = "",
    rng: random.Random | None = None, outstanding: bool = False,
) -> Audit:  # fmt: skip
    """Take one audit from allocation to completion through the services, as the auditor would
    (`again`: the child was audited within the year). Without `rng`, fixed answers (the tests'):
    even grades, the practitioners submit their self-assessment and a parent gives feedback; odd,
    they are waived and not reached. With `rng` (the demo's history), answers vary as practice
    does: scores scatter around the grade, practitioners mostly scale themselves a little higher
    than the auditor (some lower), and who is reached varies."""
    today = timezone.localdate()
    varied = _Answers(grade, rng)
    audit = audit_services.audit_allocate(
        actor=support, child=child, auditor=auditor, confirm_recent=again,
        kind="thematic" if theme else "routine", theme=theme,
    )  # fmt: skip
    audit_services.audit_book_meeting(actor=auditor, audit=audit, meeting_date=today)
    audit_services.audit_section_1_save(
        actor=auditor, audit=audit, data={"practice_observation": "required"}, version=None
    )
    for area in PRACTICE_AREAS:
        audit_services.area_score_save(
            actor=auditor,
            audit=audit,
            area=area.number,
            data={
                "score": varied.area_score(area.number),
                "worked_well": "The plan is written with the family in plain language.",
                # Most auditors say where on the file; some forget, as real ones do.
                "strengths_reference": f"Safety plan uploaded {audit.allocated_at:%d/%m/%y}"
                if area.number % 4
                else "",
                "to_move_up": "Record the child's own words at each visit.",
            },
            version=None,
        )
    for person in audit.self_assessors:
        if not varied.self_assessed():
            audit_services.self_assessment_waive(
                actor=auditor,
                audit=audit,
                author=person,
                reason="On leave at the time of the audit",
            )
            continue
        audit_services.self_assessment_save(
            actor=person, audit=audit, version=None,
            data={"difference_score": varied.own_scale(2), "signs_of_safety_score": varied.own_scale(3),
                  "difference_worked_well": "The family trust me to be straight with them.",
                  "difference_to_move_up": "Involve the wider network earlier.",
                  "signs_of_safety_worked_well": "We mapped the worries together.",
                  "signs_of_safety_to_move_up": "Words and pictures for the younger child."},
        )  # fmt: skip
        audit_services.self_assessment_submit(actor=person, audit=audit)
    if not varied.family_reached():
        for kind in ("child", "family"):
            feedback_services.feedback_not_obtained_record(
                actor=auditor, audit=audit, kind=kind, reason="Not reachable before the meeting"
            )
    else:
        feedback_services.feedback_not_obtained_record(
            actor=auditor, audit=audit, kind="child", reason="Too young to give their views"
        )
        feedback_services.feedback_family_save(
            actor=auditor, audit=audit,
            data={"contact_date": today, "role": "Mother",
                  "going_well": "The worker listens and comes when she says she will."},
            scores={n: varied.statement(n) for n in range(1, 10)},
        )  # fmt: skip
    audit = audit_services.audit_grade(
        actor=auditor,
        audit=audit,
        grade=grade,
        outstanding=outstanding and grade == 6,
        impact_summary="The family understand the worries and the plan is making a difference.",
    )
    audit_services.action_save(
        actor=auditor,
        audit=audit,
        data={
            "what": "Update the safety plan with the family network",
            "owner": audit.practitioner,
            "due_date": today + timedelta(days=14),
            "immediate": audit.below_good,
        },
    )
    if audit.is_inadequate:
        audit_services.action_save(
            actor=auditor,
            audit=audit,
            data={
                "what": "Practice observation of a home visit",
                "owner": audit.manager or audit.practitioner,
                "due_date": today + timedelta(days=10),
                "practice_observation": True,
            },
        )
        audit_services.audit_send_outcome(actor=auditor, audit=audit)
    return audit_services.audit_complete(actor=auditor, audit=audit)


# How a moderator's score of an area tends to sit against the auditor's: mostly the same, often a
# point lower, now and then two lower or one higher (the written records and the child's plan,
# areas 4 and 12, lower more often: the evidence moderators find thinnest).
SCORE_SHIFTS = (0, -1, 0, 0, -2, -1, 0, 1, 0, -1, 0)
THINNEST = (4, 12)


def _moderate(moderation: Moderation, moderator: User, *, scored: int) -> Moderation:
    for area in PRACTICE_AREAS[:scored]:
        auditor_score = next(
            s.score for s in moderation.audit.area_scores.all() if s.area == area.number
        )
        shift = SCORE_SHIFTS[(area.number * 7 + moderation.pk) % len(SCORE_SHIFTS)]
        if area.number in THINNEST:
            shift = min(shift, -1)
        score = max(0, min(10, auditor_score + shift))
        comment = (
            "The evidence on the file is thinner than the audit found."
            if score < auditor_score
            else "Agree: the evidence is on the file."
            if score == auditor_score
            else "Stronger than the audit found: the direct work is recorded well."
        )
        services.moderation_score_save(
            actor=moderator, moderation=moderation, area=area.number,
            data={"score": score, "comment": comment}, version=None,
        )  # fmt: skip
    return moderation


def _fresh_children(auditor: User):
    """Open children never audited, outside the auditor's teams, one team after another."""
    busy = Audit.objects.filter(status__in=OPEN).values("child_id")
    candidates = list(
        Child.objects.filter(is_open=True, staying_together_worker__isnull=True)
        .exclude(team=auditor.team)
        .exclude(team__in=auditor.managed_teams.all())
        .exclude(pk__in=busy)
        .exclude(audits__isnull=False)
        .order_by("team__name", "case_id")
    )
    by_team: dict[int, list[Child]] = {}
    for child in candidates:
        by_team.setdefault(child.team_id, []).append(child)
    while any(by_team.values()):
        for children in by_team.values():
            if children:
                yield children.pop(0)


def _finalise(moderation: Moderation, moderator: User, *, agree: bool) -> Moderation:
    """Record a whole moderation and finalise it: agreeing, or after a meeting with the auditor
    agreeing a grade one lower (the learning recorded for the auditor)."""
    moderation = _moderate(Moderation.objects.get(pk=moderation.pk), moderator, scored=19)
    services.moderation_comments_save(
        actor=moderator,
        moderation=moderation,
        data={
            "good_practice": "Clear analysis of the worries with the family's own words.",
            "areas_for_development": "The evidence for the scores is not always referenced.",
        },
        version=None,
    )
    services.action_reviews_save(
        actor=moderator,
        moderation=moderation,
        reviews={
            action.pk: (ActionCompleted.PARTLY, "The plan is updated; the network has not met.")
            for action in moderation.audit.actions.all()
        },
    )
    audit = moderation.audit
    grade = audit.grade if agree else max(0, audit.grade - 1)
    services.moderation_grade_save(
        actor=moderator,
        moderation=moderation,
        data={
            "grade": grade,
            "outstanding": audit.outstanding if agree else False,
            "agreement": Agreement.AGREE if agree else Agreement.DISAGREE,
        },
        version=None,
    )
    if not agree:
        moderation.refresh_from_db()
        services.moderation_meeting_save(
            actor=moderator,
            moderation=moderation,
            data={
                "meeting_date": timezone.localdate(),
                "meeting_attendees": f"{audit.auditor} (auditor), {moderator} (moderator)",
                "agreed_grade": grade,
                "agreed_outstanding": False,
                "learning_strengths": "A thorough reading of the file and a warm meeting.",
                "learning_to_develop": "Reference the evidence for each score on the file.",
            },
            version=None,
        )
    note = (
        f"Moderation of the collaborative case audit {audit.reference}: I agree with the "
        f"auditor's grade of {grade}. The network meeting is still to happen; the team manager "
        "to review the plan in supervision."
        if agree
        else f"Moderation of {audit.reference}: after meeting the auditor we agreed a grade of "
        f"{grade}. Actions partly done: the plan is updated, the network has not met."
    )
    return services.moderation_finalise(
        actor=moderator, moderation=Moderation.objects.get(pk=moderation.pk), case_note=note
    )


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _followed_up_in(audit: Audit, month, day_of_month: int = 12) -> None:
    """A past month's audit: followed up and its oversight note recorded (as the services do),
    then its dates moved back into that month, so the lists and samples see it as then."""
    audit_services.follow_up_record(
        actor=audit.auditor,
        audit=audit,
        progress={a.pk: ("done", "Done") for a in audit.actions.all()},
        action_taken="The plan was updated with the family network.",
        case_note="Followed up with the team manager.",
    )
    manager = audit.team.managers.first()
    if manager is not None:
        audit_services.oversight_note_record(
            actor=manager,
            audit=audit,
            discussion="Reviewed in supervision with the practitioner.",
            case_direction="Continue the plan; review at the next core group.",
            timeframe="Four weeks",
        )
    day = month.replace(day=day_of_month)
    at = _at(day)
    Audit.objects.filter(pk=audit.pk).update(
        allocated_at=at - timedelta(days=14),
        commenced_on=day - timedelta(days=14),
        meeting_date=day - timedelta(days=2),
        graded_at=at,
        outcome_sent_at=at if audit.outcome_sent_at else None,
        completed_at=at,
        completed_on=day,
    )
    FollowUp.objects.filter(audit=audit).update(
        due_date=workdays.follow_up_due(at), done_at=at + timedelta(days=7)
    )
    # Done when they were: immediate actions mostly within the 24 hours (one in three a day or
    # so late), the others by the follow-up.
    for action in audit.actions.filter(status=ActionStatus.DONE):
        hours = (30 if audit.pk % 3 == 0 else 18) if action.immediate else 24 * 6
        Action.objects.filter(pk=action.pk).update(completed_at=at + timedelta(hours=hours))
    AuditEvent.objects.filter(audit=audit).update(at=at)
    FamilyFeedback.objects.filter(audit=audit).update(contact_date=day - timedelta(days=3))
    _reviewed(audit, month, at, manager)


def _reviewed(audit: Audit, month, at, manager) -> None:
    """The managers' reviews of a past audit, as a council's look: the service manager reviews
    each Inadequate one, mostly within the 5 working days (one in four late, one in five not
    satisfied at first and asking the team manager for more); the team manager closes off all but
    the last two months' audits (one in six not meeting standards at the first review)."""
    reviews = []
    service_manager = audit.team.service.managers.first()
    if audit.outcome_sent_at and service_manager is not None:
        days = 9 if audit.pk % 4 == 0 else 2 + audit.pk % 3
        if audit.pk % 5 == 0:
            first = audit_services.manager_review_record(
                actor=service_manager, audit=audit, kind=ReviewKind.SERVICE_MANAGER,
                satisfied=False,
                note="The actions do not yet say how the child's voice will be heard in the plan.",
                action_what="Add direct work with the child to the plan, with a date.",
                action_due=(at + timedelta(days=days + 14)).date(),
            )  # fmt: skip
            reviews.append((first, at + timedelta(days=days)))
            days += 16
            audit.actions.filter(source=ActionSource.SM_REVIEW).update(
                status=ActionStatus.DONE, completed_at=at + timedelta(days=days - 2),
                completed_by=manager,
            )  # fmt: skip
        satisfied = audit_services.manager_review_record(
            actor=service_manager, audit=audit, kind=ReviewKind.SERVICE_MANAGER, satisfied=True,
            note="Satisfied: the team manager's actions address the safety plan and the visits.",
        )  # fmt: skip
        reviews.append((satisfied, at + timedelta(days=days)))
    if manager is not None and workdays.month_count(month, workdays.this_month()) > 3:
        if audit.pk % 6 == 0:
            not_yet = audit_services.manager_review_record(
                actor=manager, audit=audit, kind=ReviewKind.CLOSE_OFF, satisfied=False,
                note="The plan is updated but the network meeting has not happened yet.",
            )  # fmt: skip
            reviews.append((not_yet, at + timedelta(days=21)))
        met = audit_services.manager_review_record(
            actor=manager, audit=audit, kind=ReviewKind.CLOSE_OFF, satisfied=True,
            note="Reviewed in supervision: the actions are done and the case meets expected "
            "practice standards.",
        )  # fmt: skip
        reviews.append((met, at + timedelta(days=42)))
    for review, when in reviews:
        ManagerReview.objects.filter(pk=review.pk).update(recorded_at=when)


# A year's audits as a council's look: most months three or so, the summer and Christmas fewer,
# now and then a busy month; grades mostly Requires improvement, a third Good (a few of them
# Outstanding), about one in eight Inadequate.
GRADE_WEIGHTS = {1: 4, 2: 8, 3: 17, 4: 20, 5: 18, 6: 33}
QUIET_MONTHS = (8, 12)


def _auditor_weights(auditors: list[User], rng: random.Random) -> dict[int, int]:
    """How much each team manager audits: one keen, most a little or a fair share, two none yet
    (new in post), as the framework's one a month is met unevenly."""
    shares = [6, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0]
    shares += [1] * max(0, len(auditors) - len(shares))
    rng.shuffle(shares)
    return {a.pk: share for a, share in zip(auditors, shares, strict=False)}


def seed_history(months: int, *, support: User, psqa: User) -> list[str]:
    """`months` past months of audits completed by team managers of other teams (a varying number
    each month, by managers who audit unevenly), each month's sample drawn, and one to three of
    it moderated and finalised (the first agreeing, the rest after a meeting), by the moderators
    in turn. In the last six months one audit a month is of a child audited six months before
    (the distance travelled)."""
    if months <= 0:
        return []
    rng = random.Random(DEMO_SEED)  # noqa: S311 - demo data, the same each time
    auditors = list(
        User.objects.filter(role_grants__role=RoleCode.TEAM_MANAGER, is_active=True)
        .exclude(username="team.manager")  # whose own audits the demo adds this month
        .order_by("username")
        .distinct()
    )
    weights = _auditor_weights(auditors, rng)
    children = _fresh_children(User.objects.get(username="team.manager"))
    first_audited: list[Child] = []  # each month's first child, to audit again later
    finalised = completed = 0
    this_month = workdays.this_month()
    for back in range(months, 0, -1):
        month = workdays.add_months(this_month, -back)
        count = max(1, round(rng.gauss(2.4, 1.2)) - (month.month in QUIET_MONTHS))
        if back == 4:
            count += 3  # a backlog cleared before the inspection
        for n in range(count):
            index = months - back - 6
            again = n == 1 and back <= 6 and 0 <= index < len(first_audited)
            child = first_audited[index] if again else next(children)
            eligible = [a for a in auditors if access_auditor_problem(a, child) is None]
            if not eligible:  # the child's former auditor is the only one left: a fresh child
                again, child = False, next(children)
                eligible = [a for a in auditors if access_auditor_problem(a, child) is None]
            auditor = rng.choices(eligible, [weights[a.pk] + 0.05 for a in eligible])[0]
            grade = rng.choices(list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values()))[0]
            if again:
                grade = min(6, grade + rng.choice((0, 1, 1, 2)))  # better off, mostly
            theme = THEMES[back % len(THEMES)] if n == 0 and back % 3 == 0 else ""
            audit = complete_audit(
                child=child, auditor=auditor, support=support, grade=grade, again=again,
                theme=theme, rng=rng, outstanding=rng.random() < 0.15,
            )  # fmt: skip
            if n == 0:
                first_audited.append(child)
            _followed_up_in(audit, month, rng.randint(3, 26))
            completed += 1
        sample, _ = services.sample_propose(month=month, seed=DEMO_SEED + back)
        moderated = rng.choice((1, 2, 2, 3))
        moderations = list(
            sample.moderations.select_related("audit").order_by("audit_id")[:moderated]
        )
        for n, moderation in enumerate(moderations):
            moderator = eligible_moderators_for(moderation.audit).order_by("username")[
                (back + n) % 3
            ]
            services.moderation_allocate(
                actor=psqa,
                moderation=moderation,
                moderator=moderator,
                return_date=services.default_return_date(),
            )
            finalised_one = _finalise(moderation, moderator, agree=n == 0)
            if manager := finalised_one.audit.team.managers.first():  # reviewed in supervision
                services.moderation_oversight_record(
                    actor=manager,
                    moderation=finalised_one,
                    direction="Continue the plan; review at the next core group.",
                    action="Share the moderator's comments with the practitioner.",
                    timescale="Four weeks",
                    completion="The plan is updated; the network meeting is booked for week two. "
                    "Checked at the next supervision.",
                )
            day = month.replace(day=min(28, 12 + 4 * n + back % 5))
            Moderation.objects.filter(pk=moderation.pk).update(
                allocated_at=_at(month.replace(day=2)),
                return_date=day,
                finalised_at=_at(day),
            )
            Audit.objects.filter(pk=moderation.audit_id).update(moderated_at=_at(day))
            finalised += 1
        Sample.objects.filter(pk=sample.pk).update(proposed_at=_at(month))
    return [
        f"History: {completed} audits completed over {months} months, {finalised} moderations "
        "finalised."
    ]


def seed_moderation(*, history_months: int = 0, **options) -> list[str]:
    support = User.objects.get(username="business.support")
    psqa = User.objects.get(username="psqa")
    moderator = User.objects.get(username="moderator")
    auditor = User.objects.get(username="team.manager")
    lines = seed_history(history_months, support=support, psqa=psqa)
    children = _fresh_children(auditor)
    completed = [
        complete_audit(child=next(children), auditor=auditor, support=support, grade=grade)
        for grade in DEMO_GRADES
    ]
    sample, _ = services.sample_propose(month=workdays.this_month(), seed=DEMO_SEED)
    in_sample = set(sample.moderations.values_list("audit_id", flat=True))
    for audit in completed[:2]:  # team.manager's first two, for the moderator's demo
        if audit.pk not in in_sample:
            services.moderation_add(
                actor=psqa, sample=sample, audit=audit, reason="Asked for by the head of service"
            )
    proposed = list(
        sample.moderations.filter(audit__in=completed[:2])
        .select_related("audit")
        .order_by("audit_id")
    )
    lines.append(
        f"{len(completed)} completed audits by team.manager; {sample}: "
        f"{sample.moderations.count()} audits."
    )
    if len(proposed) < 2:
        return lines
    return_date = services.default_return_date()
    finished, in_progress = proposed[0], proposed[1]
    for moderation in (finished, in_progress):
        services.moderation_allocate(
            actor=psqa, moderation=moderation, moderator=moderator, return_date=return_date
        )
    # One finalised after disagreeing with the auditor: the learning is recorded for them.
    _finalise(finished, moderator, agree=False)
    _moderate(Moderation.objects.get(pk=in_progress.pk), moderator, scored=5)
    lines.append(
        f"moderator has the audit of case {in_progress.audit.child.case_id} to moderate; the "
        f"moderation of case {finished.audit.child.case_id} is finalised."
    )
    return lines


def delete_moderation() -> None:
    """Amendments, moderations and samples go before the audits they point at."""
    Amendment.objects.all().delete()
    Moderation.objects.all().delete()
    Sample.objects.all().delete()
