"""Every write of Practice Week: schedule a week, allocate its audits (all or none), record an
observation or a partner professional, write up and publish the report, remind the leads."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bexley_qa import kept_pdfs, workdays
from bexley_qa.people import lines
from bexley_qa.people.models import Child, RoleCode, User

from ..models import Audit, AuditKind, Observation, PartnerContact, PracticeWeek
from ..selectors import allocation_problems
from ..services.allocation import _allocate
from . import access, emails
from .workflow import PUBLISH, WORKFLOW

LONGEST_WEEK_DAYS = 7
EVERY_MONTHS = 6
REMIND_MONTHS_AFTER = 5  # a month before the next is due


def practice_week_schedule(
    *,
    actor: User,
    starts_on: date,
    ends_on: date,
    theme: str = "",
    principal_social_worker: User | None = None,
) -> PracticeWeek:
    """PSQA or the Principal Social Worker schedule a Practice Week, which the framework says is
    "led by the Principal Social Worker and the PSQA team": the Principal Social Worker who
    schedules it leads it; PSQA name them (the only one, if they do not)."""
    access.can_lead.require(actor)
    if principal_social_worker is None:
        principal_social_worker = (
            actor
            if actor.has_role(RoleCode.PRINCIPAL_SOCIAL_WORKER)
            else lines.the_principal_social_worker()
        )
    problems = {}
    if starts_on < timezone.localdate():
        problems["starts_on"] = "The first day must be today or in the future"
    if ends_on < starts_on:
        problems["ends_on"] = "The last day must be the same as or after the first day"
    elif (ends_on - starts_on).days >= LONGEST_WEEK_DAYS:
        problems["ends_on"] = "Practice Week is a week: the last day must be within 7 days"
    if PracticeWeek.objects.filter(starts_on=starts_on).exists():
        problems["starts_on"] = f"A Practice Week already starts on {starts_on:%-d %B %Y}"
    if principal_social_worker and not principal_social_worker.has_role(
        RoleCode.PRINCIPAL_SOCIAL_WORKER
    ):
        problems["principal_social_worker"] = (
            f"{principal_social_worker} is not the Principal Social Worker"
        )
    if problems:
        raise ValidationError(problems)
    week = PracticeWeek(
        starts_on=starts_on,
        ends_on=ends_on,
        theme=theme.strip(),
        principal_social_worker=principal_social_worker,
        scheduled_by=actor,
    )
    week.full_clean()
    week.save()
    return week


def practice_week_allocate(
    *, actor: User, week: PracticeWeek, pairs: list[tuple[Child, User]]
) -> list[Audit]:
    """Allocate the week's audits, each child's case to an auditor from another team: all of
    them, or (when any cannot be) none, with every problem listed by case."""
    access.can_lead.require(actor)
    if not pairs:
        raise ValidationError("Choose an auditor for at least one case")
    with transaction.atomic():
        children = {
            c.pk: c
            for c in Child.objects.select_for_update(of=("self",))
            .select_related("team")
            .filter(pk__in=[child.pk for child, _ in pairs])
            .order_by("pk")
        }
        problems = []
        for child, auditor in pairs:
            found = allocation_problems(
                child=children[child.pk], auditor=auditor, kind=AuditKind.PRACTICE_WEEK
            )
            problems += [f"Case {child.case_id}: {message}" for message in found.values()]
        if len({child.pk for child, _ in pairs}) < len(pairs):
            problems.append("A case is listed twice: each case can be audited once")
        if problems:
            raise ValidationError(problems)
        return [
            _allocate(
                actor=actor,
                child=children[child.pk],
                auditor=auditor,
                kind=AuditKind.PRACTICE_WEEK,
                theme="",
                theme_other="",
                meeting_date=None,
                practice_week=week,
            )
            for child, auditor in pairs
        ]


def observation_record(*, actor: User, week: PracticeWeek | None, audit: Audit | None, **fields):
    """A practice observation, by a lead or a manager (who is the observer unless a lead
    records it for them)."""
    access.can_record_observation.require(actor)
    if not access.can_lead(actor) and fields.get("observer") != actor:
        raise ValidationError({"observer": "Record the observations you made yourself"})
    if fields.get("observer") == fields.get("observed"):
        raise ValidationError({"observed": "Choose who was observed: not the observer"})
    if week is not None and week.is_published:
        raise ValidationError(
            {"practice_week": f"The report of {week} is published: choose no week"}
        )
    observed_on = fields.get("observed_on")
    if week is not None and observed_on and not week.starts_on <= observed_on <= week.ends_on:
        raise ValidationError(
            {
                "observed_on": f"The date observed must be in {week}: "
                f"{week.starts_on:%-d %B} to {week.ends_on:%-d %B %Y}"
            }
        )
    if audit is not None and week is not None and audit.practice_week_id != week.pk:
        raise ValidationError({"audit": "Choose one of this Practice Week's audits"})
    observation = Observation(practice_week=week, audit=audit, recorded_by=actor, **fields)
    observation.full_clean()
    observation.save()
    return observation


def partner_contact_add(*, actor: User, audit: Audit, **fields) -> PartnerContact:
    """A partner professional contacted in a multi-agency audit, and what was learned jointly."""
    access.can_record_partner_contact.require(actor, audit)
    contact = PartnerContact(audit=audit, recorded_by=actor, **fields)
    contact.full_clean()
    contact.save()
    return contact


def practice_week_write_up(*, actor: User, week: PracticeWeek, version: int, **fields):
    """The leads finish the report's words (key learning, what's working well, areas of
    development) until it is published."""
    access.can_lead.require(actor)
    with transaction.atomic():
        week = PracticeWeek.objects.select_for_update().get(pk=week.pk)
        if week.is_published:
            raise ValidationError({"key_learning": "The report is published: it cannot be changed"})
        if version != week.version:
            raise ValidationError(
                {
                    "key_learning": "Someone else saved this since you opened it: reload the "
                    "page to see their words, then make your changes again"
                }
            )
        for name, value in fields.items():
            setattr(week, name, value.strip())
        week.version += 1
        week.full_clean()
        week.save()
    return week


def practice_week_publish(*, actor: User, week: PracticeWeek) -> PracticeWeek:
    """Publish the week's report: its PDF made once and kept; practitioners, managers and
    senior leaders are emailed a link."""
    access.can_lead.require(actor)
    with transaction.atomic():
        week = PracticeWeek.objects.select_for_update().get(pk=week.pk)
        if week.is_published:
            raise ValidationError("The report is already published")
        if week.ends_on >= timezone.localdate():
            raise ValidationError(
                f"Publish the report once the week has ended (its last day is "
                f"{week.ends_on:%-d %B %Y})"
            )
        if not (week.key_learning and week.working_well and week.areas_of_development):
            raise ValidationError(
                "Write the key learning, what's working well and the areas of development first"
            )
        WORKFLOW.move(week, PUBLISH, published_at=timezone.now(), published_by=actor)
        kept_pdfs.draw_when_committed(week)  # by the worker: drawing takes seconds
        emails.queue_report_published(week)
    return week


def next_week_due() -> date | None:
    """Six months after the last Practice Week began (None before the first)."""
    last = PracticeWeek.objects.order_by("-starts_on").values_list("starts_on", flat=True).first()
    return workdays.add_months(last, EVERY_MONTHS) if last else None


def practice_week_reminders(*, today: date | None = None) -> int:
    """A month before the next Practice Week is due (six months after the last), remind the
    leads to schedule it, once, unless it is already scheduled."""
    today = today or timezone.localdate()
    last = PracticeWeek.objects.order_by("-starts_on").first()
    if last is None or last.starts_on >= today:
        return 0
    if workdays.add_months(last.starts_on, REMIND_MONTHS_AFTER) > today:
        return 0
    return emails.queue_schedule_next(last, due=next_week_due())
