"""Reporting's part of the demo (`seed_demo --with-audits`): the quarter before last's directorate
QA report, written and published (so the senior managers have one to read), and last quarter's
drafted for PSQA to write."""

from bexley_qa import workdays
from bexley_qa.people.models import User

from .models import QAReport
from .qa_reports import services


def seed_qa_reports(**options) -> list[str]:
    psqa = User.objects.get(username="psqa")
    start, end = workdays.quarter_of(workdays.add_months(workdays.last_quarter()[0], -1))
    report = services.qa_report_draft(actor=None, start=start, end=end, quarterly=True)
    report = services.qa_report_save(
        actor=psqa, report=report, version=report.version,
        data={
            "themes": "Safety planning was the strongest theme: danger statements and safety goals "
            "were clear in most audits. Written records and the child's own plan were the weakest.",
            "key_learning": "Where families had a copy of the plan in plain language, they told us "
            "their worker did what they said they would do.",
            "recommendations": "Chronology and plain-language workshops in every team next "
            "quarter; team managers to check the child's plan in supervision.",
            "impact": "Last quarter's actions on management oversight are done in most audits; "
            "area 19 rose by half a point.",
        },
    )  # fmt: skip
    services.qa_report_publish(actor=psqa, report=report)
    drafted = services.quarterly_job()
    return [f"QA reports: {report.title} published; {len(drafted)} drafted for last quarter."]


def delete_qa_reports() -> None:
    QAReport.objects.all().delete()
