"""A large county's decade of quality assurance, in bulk (`seed_demo --history-years N`): on the
organisation seed_demo has built (its teams, practitioners and managers), children referred over
the years and their completed audits: 19 area scores each, self-assessments, family feedback with
its nine statements, actions, follow-ups, a monthly moderation sample with finalised moderations,
and the Signs of Safety measures with every month's figures.

The rows are those the services would write for the same work (statuses, dates, final grades,
moderation agreements), inserted with bulk_create so that a decade takes minutes: for benchmarks
and trying the analytics at scale. Deterministic for a seed. About one audit for every two
children (the seeded ones and the decade's), as in a county auditing steadily.
"""

import random
from datetime import date, datetime, time, timedelta

import pgtrigger
from django.db import transaction
from django.utils import timezone

from audits.models import (
    GRADES,
    INADEQUATE,
    REQUIRES_IMPROVEMENT,
    TOP_GRADE,
    Action,
    ActionStatus,
    AreaScore,
    Audit,
    AuditKind,
    AuditStatus,
    FollowUp,
    ManagerReview,
    OversightNote,
    ReviewKind,
    SelfAssessment,
    Theme,
    grade_band,
)
from bexley_qa import workdays
from bexley_qa.people.models import Child, PlanType, RoleCode, Service, Team, User
from feedback.models import FamilyFeedback, FeedbackNotObtained, StatementScore
from moderation.models import Agreement, Moderation, ModerationScore, ModerationStatus, Sample
from sos import demo, figures
from sos.models import MeasureCompletion

BATCH = 5000
THEMES = [code for code in Theme.values if code != Theme.OTHER]
# Final grades 0–6, weighted as a county's might be: most Requires improvement, some Good.
GRADE_WEIGHTS = [2, 4, 9, 16, 20, 22, 27]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


# Demo rows are not changes anyone made: the change history's triggers (pghistory) are left out
# while they are written, which makes the decade three times quicker to write.
UNTRACKED = [
    f"{model._meta.label}:{event}"
    for model in (Child, Audit, AreaScore, SelfAssessment, FamilyFeedback, StatementScore,
                  FeedbackNotObtained, Action, FollowUp, OversightNote, ManagerReview, Sample,
                  Moderation, ModerationScore)
    for event in ("insert_insert", "update_update")
]  # fmt: skip


def seed_decade(*, years: int, seed: int = 2026) -> dict[str, int]:
    """Add `years` of audit history to the seeded organisation; returns what was made."""
    with pgtrigger.ignore(*UNTRACKED):
        made = _seed_decade(years=years, seed=seed)
    # The Signs of Safety measures of the decade's children, and every month's figures.
    with transaction.atomic():
        saved = Child.objects.filter(case_id__startswith="H").only(
            "pk", "team_id", "referral_date", "closed_on"
        )
        today = timezone.localdate()
        measures = demo.completions(saved.iterator(chunk_size=BATCH), today=today, seed=seed)
        with pgtrigger.ignore("dashboard.MeasureCompletion:insert_insert"):
            MeasureCompletion.objects.bulk_create(measures, batch_size=BATCH)
        months = workdays.months_back(workdays.this_month(), 12 * years)
        figures.refresh(months=months[:-1], final=True)
        figures.refresh_current()
    return {**made, "measures": len(measures)}


def _seed_decade(*, years: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    teams = list(Team.objects.select_related("service").order_by("pk"))
    workers = {}
    for user in User.objects.filter(
        role_grants__role=RoleCode.PRACTITIONER, is_active=True, team__isnull=False
    ).order_by("pk"):
        workers.setdefault(user.team_id, []).append(user)
    managers = {
        t.pk: t.managers.order_by("pk").first() for t in Team.objects.prefetch_related("managers")
    }
    service_managers = {}
    for service_id, user_id in Service.managers.through.objects.order_by("user_id").values_list(
        "service_id", "user_id"
    ):
        service_managers.setdefault(service_id, User(pk=user_id))
    support = User.objects.filter(role_grants__role=RoleCode.BUSINESS_SUPPORT).order_by("pk")[0]
    psqa = User.objects.filter(role_grants__role=RoleCode.PSQA).order_by("pk")[0]
    moderators = list(User.objects.filter(role_grants__role=RoleCode.MODERATOR).order_by("pk"))
    teams = [t for t in teams if workers.get(t.pk) and managers.get(t.pk)]
    seeded_children = Child.objects.count()
    audits_wanted = seeded_children // 2  # one audit for every two of the seeded children
    per_team_year = max(1, audits_wanted // (len(teams) * years))
    start = workdays.add_months(workdays.this_month(), -12 * years)

    with transaction.atomic():
        # The decade's children: referred before their audit, most closed since.
        plans = [PlanType.CHILD_IN_NEED, PlanType.CHILD_PROTECTION, PlanType.CHILD_LOOKED_AFTER,
                 PlanType.FAMILY_WELLBEING]  # fmt: skip
        planned = []  # (child, team, audit day, again)
        children = []
        for year in range(years):
            for team in teams:
                for n in range(per_team_year):
                    day = start + timedelta(days=year * 365 + rng.randint(0, 350))
                    if day >= today - timedelta(days=30):
                        continue
                    worker = rng.choice(workers[team.pk])
                    referral = day - timedelta(days=rng.randint(30, 400))
                    closed = day + timedelta(days=rng.randint(60, 900))
                    child = Child(
                        case_id=f"H{len(children):07}", first_name="Child",
                        last_name=f"History {len(children)}",
                        date_of_birth=referral - timedelta(days=rng.randint(100, 5500)),
                        gender=rng.choice(["female", "male"]), ethnicity="WBRI",
                        team=team, allocated_worker=worker, plan_type=rng.choice(plans),
                        referral_date=referral, is_open=closed >= today,
                        closed_on=None if closed >= today else closed,
                    )  # fmt: skip
                    children.append(child)
                    planned.append((child, team, day, False))
                    # One child in five is audited again about six months later.
                    again = day + timedelta(days=rng.randint(150, 220))
                    if n % 5 == 0 and again < today - timedelta(days=30):
                        planned.append((child, team, again, True))
        Child.objects.bulk_create(children, batch_size=BATCH)

        audits, scored = [], []
        for child, team, day, again in sorted(planned, key=lambda p: p[2]):
            other = rng.choice(teams)  # the auditor: a manager of another team
            while other.pk == team.pk and len(teams) > 1:
                other = rng.choice(teams)
            grade = rng.choices(GRADES, GRADE_WEIGHTS)[0]
            if again:
                grade = min(TOP_GRADE, grade + rng.choice([0, 1, 1, 2]))
            outstanding = grade == TOP_GRADE and rng.random() < 0.1
            kind = AuditKind.THEMATIC if rng.random() < 0.1 else AuditKind.ROUTINE
            completed = _at(day)
            audit = Audit(
                child=child, auditor=managers[other.pk], practitioner=child.allocated_worker,
                manager=managers[team.pk], team=team, allocated_by=support, kind=kind,
                theme=rng.choice(THEMES) if kind == AuditKind.THEMATIC else "",
                status=AuditStatus.FOLLOWED_UP, meeting_date=day - timedelta(days=2),
                referral_date=child.referral_date, commenced_on=day - timedelta(days=14),
                completed_on=day, date_of_birth=child.date_of_birth, gender=child.gender,
                ethnicity=child.ethnicity, first_language="English", grade=grade,
                outstanding=outstanding, impact_summary="The plan is making a difference.",
                graded_at=completed, final_grade=grade, final_outstanding=outstanding,
                outcome_sent_at=completed if grade_band(grade) is INADEQUATE else None, outcome_sent_by=None,
                completed_at=completed,
            )  # fmt: skip
            audit.allocated_on = day - timedelta(days=21)
            audits.append(audit)
            scored.append((audit, grade))
        Audit.objects.bulk_create(audits, batch_size=BATCH)
        # allocated_at is set on insert (auto_now_add): put it back at allocation, in SQL.
        _set_allocated_at(audits)

    # In a transaction of their own: rows pointing at audits changed earlier in the same
    # transaction cost ten times as much to insert (the foreign keys' checks lock them).
    with transaction.atomic():
        areas, assessments, families, statements, missing, actions, follow_ups, notes, reviews = (
            [] for _ in range(9)
        )
        for audit, grade in scored:
            base = 1.2 * grade + 1
            for area in range(1, 20):
                score = max(0, min(10, round(rng.gauss(base + (area % 5 - 2) * 0.4, 1.4))))
                areas.append(AreaScore(audit=audit, area=area, score=score,
                                       worked_well="Strengths recorded.", updated_by=audit.auditor))  # fmt: skip
            submitted = rng.random() < 0.7
            assessments.append(SelfAssessment(
                audit=audit, author=audit.practitioner,
                difference_score=min(10, grade + rng.randint(1, 3)) if submitted else None,
                signs_of_safety_score=min(10, grade + rng.randint(0, 3)) if submitted else None,
                submitted_at=audit.completed_at - timedelta(days=5) if submitted else None,
                waived_reason="" if submitted else "On leave at the time of the audit",
                waived_by=None if submitted else audit.auditor,
            ))  # fmt: skip
            if rng.random() < 0.6:
                family = FamilyFeedback(audit=audit, contact_date=audit.completed_on - timedelta(days=3),
                                        role=rng.choice(["Mother", "Father", "Carer"]),
                                        going_well="The worker listens.", recorded_by=audit.auditor)  # fmt: skip
                families.append(family)
                statements.extend(
                    (family, n, max(0, min(10, round(rng.gauss(grade + 2, 2)))))
                    for n in range(1, 10)
                )
            else:
                missing.append(FeedbackNotObtained(audit=audit, kind="family", reason="Not reachable",
                                                   recorded_by=audit.auditor))  # fmt: skip
            missing.append(FeedbackNotObtained(audit=audit, kind="child", reason="Too young",
                                               recorded_by=audit.auditor))  # fmt: skip
            for n in range(2):
                done = rng.random() < 0.85
                actions.append(Action(
                    audit=audit, what="Update the safety plan with the network", owner=audit.practitioner,
                    due_date=audit.completed_on + timedelta(days=14), immediate=grade_band(grade) in (INADEQUATE, REQUIRES_IMPROVEMENT) and n == 0,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    completed_at=audit.completed_at + timedelta(hours=rng.choice([6, 20, 30, 200])) if done else None,
                    completed_by=audit.practitioner if done else None, created_by=audit.auditor,
                ))  # fmt: skip
            if rng.random() < 0.95:  # the team manager's note, recorded in supervision
                notes.append(OversightNote(
                    audit=audit, discussion="Reviewed in supervision.", timeframe="Four weeks",
                    case_direction="Continue the plan.", recorded_by=audit.manager,
                ))  # fmt: skip
                # ... and, weeks later, the close-off (not rng: the decade's draws stay as they were).
                reviews.append(ManagerReview(
                    audit=audit, kind=ReviewKind.CLOSE_OFF, satisfied=True, recorded_by=audit.manager,
                    note="The actions are done; the case meets expected practice standards.",
                ))  # fmt: skip
            reviewer = service_managers.get(audit.team.service_id)
            if audit.outcome_sent_at and reviewer is not None:
                reviews.append(ManagerReview(
                    audit=audit, kind=ReviewKind.SERVICE_MANAGER, satisfied=True, recorded_by=reviewer,
                    note="Satisfied the team manager's actions are sufficient.",
                ))  # fmt: skip
            due = audit.completed_on + timedelta(days=7)
            follow_ups.append(FollowUp(
                audit=audit, due_date=due, done_at=_at(due + timedelta(days=rng.choice([-2, 0, 1, 4]))),
                action_taken="The plan was updated.", recorded_by=audit.auditor,
            ))  # fmt: skip
        OversightNote.objects.bulk_create(notes, batch_size=BATCH)
        ManagerReview.objects.bulk_create(reviews, batch_size=BATCH)
        # Service managers review within the week; team managers close off about six weeks on.
        _set_times("audits_managerreview", "recorded_at", [
            (r.pk, r.audit.completed_at + timedelta(days=3 if r.kind == ReviewKind.SERVICE_MANAGER else 42))
            for r in reviews
        ])  # fmt: skip
        AreaScore.objects.bulk_create(areas, batch_size=BATCH)
        SelfAssessment.objects.bulk_create(assessments, batch_size=BATCH)
        FamilyFeedback.objects.bulk_create(families, batch_size=BATCH)
        StatementScore.objects.bulk_create(
            [StatementScore(family_feedback=f, statement=n, score=s) for f, n, s in statements],
            batch_size=BATCH,
        )
        FeedbackNotObtained.objects.bulk_create(missing, batch_size=BATCH)
        Action.objects.bulk_create(actions, batch_size=BATCH)
        _set_created_at(actions)
        FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
        moderated = _moderations(rng, scored, moderators, psqa)

    return {
        "children": len(children),
        "audits": len(audits),
        "area scores": len(areas),
        "family statements": len(statements),
        "actions": len(actions),
        "moderations": moderated,
    }


def _set_allocated_at(audits: list[Audit]) -> None:
    _set_times("audits_audit", "allocated_at", [(a.pk, _at(a.allocated_on)) for a in audits])


def _set_created_at(actions: list[Action]) -> None:
    rows = [(a.pk, a.audit.completed_at - timedelta(hours=2)) for a in actions]
    _set_times("audits_action", "created_at", rows)


def _set_times(table: str, column: str, rows: list[tuple[int, datetime]]) -> None:
    """One UPDATE for every row (auto_now_add set them to now on insert)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = v.at FROM unnest(%s::bigint[], %s::timestamptz[]) "  # noqa: S608 - our own table and column names
            f"AS v(id, at) WHERE {table}.id = v.id",
            [[pk for pk, _ in rows], [at for _, at in rows]],
        )


def _moderations(rng, scored, moderators, psqa) -> int:
    """Each month's sample: about one audit in ten moderated, finalised; the moderator agrees
    with most, and where not, the agreed grade is one lower (the audit's final grade)."""
    by_month: dict[date, list] = {}
    for audit, grade in scored:
        by_month.setdefault(workdays.first_of_month(audit.completed_on), []).append((audit, grade))
    existing = set(Sample.objects.values_list("month", flat=True))
    samples = Sample.objects.bulk_create(
        [Sample(month=m, seed=rng.randint(1, 10**9), share_percent=10, proposed_by=psqa)
         for m in sorted(by_month) if m not in existing]
    )  # fmt: skip
    sample_of = {s.month: s for s in samples}
    rows, scores, changed = [], [], []
    for month, done in by_month.items():
        sample = sample_of.get(month)
        if sample is None:
            continue
        for audit, grade in rng.sample(done, max(1, len(done) // 10)):
            agree = rng.random() < 0.75
            final = grade if agree else max(0, grade - 1)
            day = min(audit.completed_on + timedelta(days=20), timezone.localdate())
            rows.append(Moderation(
                sample=sample, audit=audit, reason="Drawn at random", status=ModerationStatus.FINALISED,
                moderator=rng.choice(moderators), return_date=day, allocated_by=psqa,
                allocated_at=_at(day - timedelta(days=14)), grade=final,
                agreement=Agreement.AGREE if agree else Agreement.DISAGREE,
                agreed_grade=None if agree else final, finalised_at=_at(day), final_grade=final,
            ))  # fmt: skip
            if not agree:
                audit.final_grade, audit.final_outstanding = final, False
            audit.moderated_at = _at(day)
            changed.append(audit)
    Moderation.objects.bulk_create(rows, batch_size=BATCH)
    for moderation in rows:
        scores.extend(
            ModerationScore(moderation=moderation, area=area, score=rng.randint(2, 9),
                            updated_by=moderation.moderator)
            for area in range(1, 20)
        )  # fmt: skip
    ModerationScore.objects.bulk_create(scores, batch_size=BATCH)
    Audit.objects.bulk_update(
        changed, ["final_grade", "final_outstanding", "moderated_at"], batch_size=BATCH
    )
    return len(rows)
