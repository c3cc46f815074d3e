"""The moderation part of the demo (`seed_demo --with-audits`): completed audits of every band,
built through the workflow's services as an auditor would, this month's sample proposed from
them, one moderation allocated to `moderator` in progress and one finalised after a
disagreement (so `team.manager`, its auditor, sees the learning)."""

from datetime import timedelta

from django.utils import timezone

from audits import services as audit_services
from audits.models import Audit
from audits.practice_areas import PRACTICE_AREAS
from audits.workflow import OPEN
from bexley_qa.people.models import Child, User
from feedback import services as feedback_services

from . import sampling, services
from .models import ActionCompleted, Agreement, Amendment, Moderation, Sample

# The grades of the demo's completed audits: every band, Inadequate first.
DEMO_GRADES = (2, 4, 6, 3, 5, 4)
DEMO_SEED = 20261127  # the demo's sample is drawn the same way every time


def complete_audit(*, child: Child, auditor: User, support: User, grade: int) -> Audit:
    """Take one audit from allocation to completion through the services, as the auditor would."""
    today = timezone.localdate()
    audit = audit_services.audit_allocate(actor=support, child=child, auditor=auditor)
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
                "score": min(10, grade + area.number % 4),
                "worked_well": "The plan is written with the family in plain language.",
                "to_move_up": "Record the child's own words at each visit.",
            },
            version=None,
        )
    for person in audit.self_assessors:
        audit_services.self_assessment_waive(
            actor=auditor, audit=audit, author=person, reason="On leave at the time of the audit"
        )
    for kind in ("child", "family"):
        feedback_services.feedback_not_obtained_record(
            actor=auditor, audit=audit, kind=kind, reason="Not reachable before the meeting"
        )
    audit = audit_services.audit_grade(
        actor=auditor,
        audit=audit,
        grade=grade,
        outstanding=False,
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


def _moderate(moderation: Moderation, moderator: User, *, scored: int) -> Moderation:
    for area in PRACTICE_AREAS[:scored]:
        auditor_score = next(
            s.score for s in moderation.audit.area_scores.all() if s.area == area.number
        )
        services.moderation_score_save(
            actor=moderator,
            moderation=moderation,
            area=area.number,
            data={"score": max(0, auditor_score - 1), "comment": "The evidence is thinner."},
            version=None,
        )
    return moderation


def seed_moderation() -> list[str]:
    support = User.objects.get(username="business.support")
    psqa = User.objects.get(username="psqa")
    moderator = User.objects.get(username="moderator")
    auditor = User.objects.get(username="team.manager")
    busy = Audit.objects.filter(status__in=OPEN).values("child_id")
    candidates = (
        Child.objects.filter(is_open=True, staying_together_worker__isnull=True)
        .exclude(team=auditor.team)
        .exclude(team__in=auditor.managed_teams.all())
        .exclude(pk__in=busy)
        .exclude(audits__isnull=False)
        .order_by("team__name", "case_id")
    )
    children = list({child.team_id: child for child in reversed(candidates)}.values())[::-1]
    children = children[: len(DEMO_GRADES)]  # one child from each of the first teams
    completed = [
        complete_audit(child=child, auditor=auditor, support=support, grade=grade)
        for child, grade in zip(children, DEMO_GRADES, strict=False)
    ]
    sample, _ = services.sample_propose(month=sampling.this_month(), seed=DEMO_SEED)
    proposed = list(sample.moderations.select_related("audit").order_by("audit_id"))
    lines = [
        f"{len(completed)} completed audits by team.manager; {sample}: {len(proposed)} audits."
    ]
    if len(proposed) < 2:
        return lines
    return_date = services.default_return_date()
    finished, in_progress = proposed[0], proposed[1]
    for moderation in (finished, in_progress):
        services.moderation_allocate(
            actor=psqa, moderation=moderation, moderator=moderator, return_date=return_date
        )
    # One finalised after disagreeing with the auditor: the learning is recorded for them.
    finished = _moderate(Moderation.objects.get(pk=finished.pk), moderator, scored=19)
    services.moderation_comments_save(
        actor=moderator,
        moderation=finished,
        data={
            "good_practice": "Clear analysis of the worries with the family's own words.",
            "areas_for_development": "The evidence for the scores is not always referenced.",
        },
        version=None,
    )
    services.action_reviews_save(
        actor=moderator,
        moderation=finished,
        reviews={
            action.pk: (ActionCompleted.PARTLY, "The plan is updated; the network has not met.")
            for action in finished.audit.actions.all()
        },
    )
    auditor_grade = finished.audit.grade
    lower = max(0, auditor_grade - 1)
    services.moderation_grade_save(
        actor=moderator,
        moderation=finished,
        data={"grade": lower, "outstanding": False, "agreement": Agreement.DISAGREE},
        version=None,
    )
    finished.refresh_from_db()
    services.moderation_meeting_save(
        actor=moderator,
        moderation=finished,
        data={
            "meeting_date": timezone.localdate(),
            "meeting_attendees": f"{auditor} (auditor), {moderator} (moderator)",
            "agreed_grade": lower,
            "agreed_outstanding": False,
            "learning_strengths": "A thorough reading of the file and a warm meeting.",
            "learning_to_develop": "Reference the evidence for each score on the child's file.",
        },
        version=None,
    )
    services.moderation_finalise(actor=moderator, moderation=Moderation.objects.get(pk=finished.pk))
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
