"""What is on a person's QA calendar, each from the record that sets its date:

- for everyone: Practice Weeks and the parent/carer survey rounds; for those who set them (the
  leads of Practice Week; PSQA) when the next of each is due while it is not yet set (six months
  after the last week, a year after the last round);
- for those who run moderation (PSQA, their business support officer) the first working day of
  each month, when its sample is proposed; for a moderator, their moderations' return dates;
- for PSQA, the day after each quarter when its QA reports are drafted; for the readers of QA
  reports, the reports published for them;
- the person's own audits: the meetings they hold as auditor or attend as the case's practitioner
  or Staying Together worker, and the follow-ups they are due to record.

Case IDs only: no child's name is on a calendar (the feed is read by calendar programs)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from audits.models import Audit, FollowUp, PracticeWeek
from audits.practice_week.services import next_week_due
from audits.workflow import OPEN
from bexley_qa import workdays
from bexley_qa.people import lines
from bexley_qa.people.models import RoleCode, User
from feedback.models import SurveyRound
from feedback.survey.selectors import next_round_due
from moderation.models import Moderation
from moderation.workflow import IN_PROGRESS

from ..qa_reports.access import reports_visible_to


@dataclass(frozen=True)
class Event:
    uid: str  # stable across reads: a calendar updates the event rather than adding another
    starts: date
    ends: date  # the last day (inclusive)
    title: str
    url: str
    kind: str  # "Practice Week", "Survey", "Moderation", "QA report", "Your audits"


def window(today: date) -> tuple[date, date]:
    """From the first of last month to a year ahead."""
    start = workdays.add_months(workdays.first_of_month(today), -1)
    return start, workdays.add_months(start, 13)


def events_for(user: User, today: date) -> list[Event]:
    start, end = window(today)
    found: list[Event] = []
    for week in PracticeWeek.objects.filter(ends_on__gte=start, starts_on__lt=end).defer("pdf"):
        found.append(Event(f"practice-week-{week.pk}", week.starts_on, week.ends_on,
                           f"Practice Week{f': {week.theme}' if week.theme else ''}",
                           week.get_absolute_url(), "Practice Week"))  # fmt: skip
    # When the next is due: for those who set it (the leads of Practice Week; PSQA, the survey).
    week_due = next_week_due() if lines.holds(user, lines.PRACTICE_WEEK_LEADS) else None
    if (
        week_due
        and start <= week_due < end
        and not any(e.kind == "Practice Week" and e.starts >= today for e in found)
    ):
        found.append(Event("practice-week-due", week_due, week_due,
                           "Next Practice Week due (six months after the last): to be scheduled",
                           reverse("practice_week:index"), "Practice Week"))  # fmt: skip
    survey_due = next_round_due() if user.has_role(RoleCode.PSQA) else None
    if (
        survey_due
        and start <= survey_due < end
        and not SurveyRound.objects.filter(opens_on__gte=today).exists()
    ):
        found.append(Event("survey-due", survey_due, survey_due,
                           "Next parent/carer survey round due (once a year): to be opened",
                           reverse("survey:index"), "Survey"))  # fmt: skip
    for survey in SurveyRound.objects.filter(closes_on__gte=start, opens_on__lt=end).defer("pdf"):
        found.append(Event(f"survey-{survey.pk}", survey.opens_on, survey.closes_on,
                           f"Parent/carer survey calls: {survey.name}", survey.get_absolute_url(),
                           "Survey"))  # fmt: skip
    if lines.holds(user, lines.MODERATION_SELECTORS):
        for month in workdays.months_between(start, workdays.add_months(end, -1)):
            day = workdays.first_working_day(month)
            found.append(Event(f"moderation-sample-{month:%Y-%m}", day, day,
                               f"Moderation sample for {month:%B %Y} proposed",
                               reverse("moderation:sample"), "Moderation"))  # fmt: skip
    for moderation in Moderation.objects.filter(
        moderator=user, status__in=IN_PROGRESS, return_date__gte=start
    ).select_related("audit__child"):
        found.append(Event(f"moderation-{moderation.pk}", moderation.return_date,
                           moderation.return_date,
                           f"Moderation of case {moderation.audit.child.case_id} due back",
                           moderation.get_absolute_url(), "Moderation"))  # fmt: skip
    if user.has_role(RoleCode.PSQA):
        quarter_start, _ = workdays.quarter_of(start)
        while quarter_start < end:
            after = workdays.add_months(quarter_start, 3)
            day = workdays.first_working_day(after)
            if start <= day < end:
                found.append(Event(f"qa-drafts-{quarter_start:%Y-%m}", day, day,
                                   f"QA reports drafted for {workdays.quarter_label(quarter_start)}",
                                   reverse("qa_reports:list"), "QA report"))  # fmt: skip
            quarter_start = after
    for report in (
        reports_visible_to(user)
        .filter(published_at__date__gte=start, published_at__date__lt=end)
        .defer("pdf")
    ):
        day = report.published_at.date()
        found.append(Event(f"qa-report-{report.pk}", day, day, f"Published: {report.title}",
                           report.get_absolute_url(), "QA report"))  # fmt: skip
    mine = Q(auditor=user) | Q(practitioner=user) | Q(staying_together_worker=user)
    for audit in Audit.objects.filter(
        mine, status__in=OPEN, meeting_date__gte=start
    ).select_related("child"):
        role = "audit" if audit.auditor_id == user.pk else "your case's audit"
        found.append(Event(f"audit-meeting-{audit.pk}", audit.meeting_date, audit.meeting_date,
                           f"Audit meeting ({role}), case {audit.child.case_id}",
                           audit.get_absolute_url(), "Your audits"))  # fmt: skip
    for follow_up in FollowUp.objects.filter(
        audit__auditor=user, done_at__isnull=True, due_date__gte=start
    ).select_related("audit__child"):
        found.append(Event(f"follow-up-{follow_up.pk}", follow_up.due_date, follow_up.due_date,
                           f"Follow-up due, case {follow_up.audit.child.case_id}",
                           reverse("audits:follow-up", args=[follow_up.audit_id]), "Your audits"))  # fmt: skip
    return sorted(found, key=lambda e: (e.starts, e.kind, e.title))


def by_month(events: list[Event]) -> list[tuple[date, list[Event]]]:
    months: dict[date, list[Event]] = {}
    for event in events:
        months.setdefault(workdays.first_of_month(event.starts), []).append(event)
    return sorted(months.items())


def to_ical(events: list[Event], *, site_url: str, name: str) -> bytes:
    """The events as an iCalendar (RFC 5545) feed, each an all-day event."""
    from icalendar import Calendar
    from icalendar import Event as IcalEvent

    calendar = Calendar()
    calendar.add("prodid", "-//London Borough of Bexley//Collaborative Case Audit//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    domain = site_url.split("//")[-1].split("/")[0] or "localhost"
    stamped = timezone.now()
    for event in events:
        item = IcalEvent()
        item.add("uid", f"{event.uid}@{domain}")
        item.add("summary", event.title)
        item.add("dtstart", event.starts)
        item.add("dtend", event.ends + timedelta(days=1))  # all-day: the day after the last
        item.add("dtstamp", stamped)
        item.add("categories", [event.kind])
        item.add("url", f"{site_url}{event.url}")
        calendar.add_component(item)
    return calendar.to_ical()
