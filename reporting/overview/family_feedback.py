"""Family feedback for managers' monthly reports (the framework: "we ask managers to report on
family feedback in their monthly reports"): for one team and month, the nine statements families
scored (how many answered, the average) and what each family member said, in their words, as a
page, a CSV and a plain text ready to paste."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, QuerySet

from bexley_qa import workdays
from bexley_qa.people import lines
from bexley_qa.people.access import rule
from bexley_qa.people.models import Team, User
from feedback.models import FamilyFeedback, StatementScore
from feedback.statements import FAMILY_STATEMENTS

from ..analytics.figures import average

SAID = (
    ("going_well", "What is going well"),
    ("could_be_different", "What could be different"),
    ("made_a_difference", "What has made a difference"),
    ("one_thing_to_change", "One thing to change"),
    ("anything_else", "Anything else"),
)


@rule("Your roles do not include your teams' family feedback.")
def can_read_team_feedback(user: User) -> bool:
    """Managers (their teams'), and those who see the whole directorate."""
    return lines.holds(user, lines.MANAGERS) or lines.sees_whole_directorate(user)


def teams_for(user: User) -> QuerySet[Team]:
    return lines.teams_managed_by(user).select_related("service").order_by("service__name", "name")


@dataclass(frozen=True)
class StatementRow:
    number: int
    text: str
    answered: int
    average: object


@dataclass(frozen=True)
class MonthFeedback:
    team: Team
    month: date
    families: list[FamilyFeedback]
    statements: list[StatementRow]

    def said(self) -> list[tuple[FamilyFeedback, list[tuple[str, str]]]]:
        return [
            (
                family,
                [(label, getattr(family, name)) for name, label in SAID if getattr(family, name)],
            )
            for family in self.families
        ]

    def as_text(self) -> str:
        """Plain text for a monthly report."""
        out = [f"Family feedback: {self.team.name}, {self.month:%B %Y}", ""]
        if not self.families:
            return "\n".join([*out, "No family feedback was recorded this month."])
        out.append(
            f"{len(self.families)} family member{'s' if len(self.families) != 1 else ''} gave feedback."
        )
        out.append("")
        for row in self.statements:
            if row.answered:
                out.append(
                    f"{row.number}. {row.text} Average {row.average} out of 10 ({row.answered} answered)."
                )
        for family, said in self.said():
            out += ["", f"{family.role}:"]
            out += [f"- {label}: {' '.join(text.split())}" for label, text in said]
        return "\n".join(out)


def month_feedback(team: Team, month: date) -> MonthFeedback:
    """The feedback family members gave in the month (by its date of contact) on the team's
    audits; the statements counted in SQL."""
    families = FamilyFeedback.objects.filter(
        audit__team=team,
        contact_date__gte=month,
        contact_date__lte=workdays.month_end(month),
    ).order_by("contact_date", "pk")
    scores = {
        row["statement"]: row
        for row in StatementScore.objects.filter(family_feedback__in=families, score__isnull=False)
        .values("statement")
        .annotate(n=Count("pk"), mean=Avg("score"))
        .order_by()
    }
    statements = [
        StatementRow(number, text, scores.get(number, {}).get("n", 0),
                     average(scores[number]["mean"]) if number in scores else "–")
        for number, text in FAMILY_STATEMENTS
    ]  # fmt: skip
    return MonthFeedback(team, month, list(families), statements)
