from django.apps import AppConfig


def decade_seed(**options) -> dict[str, int]:
    from .decade import seed_decade  # the bulk builder loads only when asked for

    return seed_decade(**options)


class ReportingConfig(AppConfig):
    """What the audits, moderation, feedback and measures add up to: the audit results (the
    framework's three questions) and the quarterly QA reports. The top floor: it reads every
    app below it and no app reads it."""

    name = "reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bexley_qa.kept_pdfs import keeps_pdf
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import register_panel
        from bexley_qa.people.demo import register_after_seeding, register_demo, register_history
        from bexley_qa.people.records import register_forgetter

        from . import demo
        from .analytics import access as analytics_access
        from .analytics import views as _analytics_counts  # noqa: F401 - registers a counter
        from .counted import forget_all, precount_figures
        from .models import QAReport
        from .overview import panels as overview_panels
        from .qa_reports import content as qa_content  # registers a counter too
        from .qa_reports import panels as qa_panels

        register_item(
            "audit-results",
            url_name="analytics:index",
            label=lambda user: (
                "Audit results" if analytics_access.can_see_analytics(user) else None
            ),
        )
        register_item("qa-reports", url_name="qa_reports:list", label=qa_panels.navigation_label)
        register_item("overview", url_name="overview:index", label=overview_panels.navigation_label)
        register_item("themes", url_name="themes:index", label=overview_panels.themes_label)
        register_item("calendar", url_name="calendar:index", label=lambda user: "QA calendar")
        register_panel(
            "overview", order=5, template="reporting/overview/home_panel.html",
            context=overview_panels.home,
        )  # fmt: skip
        register_panel(
            "qa_reports", order=88, template="reporting/qa_reports/home_panel.html",
            context=qa_panels.home,
        )  # fmt: skip
        register_demo("qa_reports", seed=demo.seed_qa_reports, delete=demo.delete_qa_reports)
        register_history(decade_seed)
        register_after_seeding(precount_figures)  # reporting/counted.py
        register_forgetter("counted-figures", forget_all)  # a child anonymised
        keeps_pdf(QAReport, qa_content.report_pdf)
