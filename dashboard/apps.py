from django.apps import AppConfig


def decade_seed(**options) -> dict[str, int]:
    from .decade import seed_decade  # the bulk builder loads only when asked for

    return seed_decade(**options)


class DashboardConfig(AppConfig):
    """The Signs of Safety measures from the case system, the dashboard and the monthly report."""

    name = "dashboard"

    def ready(self):
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import CHILD, register_panel
        from bexley_qa.people.demo import register_demo, register_history
        from bexley_qa.people.records import register_holder

        from . import demo, panels, selectors
        from .qa_reports import panels as qa_panels

        register_item(order=50, url_name="dashboard:index", label=panels.navigation_label)
        register_item(order=55, url_name="analytics:index", label=panels.analytics_label)
        register_item(order=56, url_name="qa_reports:list", label=qa_panels.navigation_label)
        register_panel(
            "qa_reports", order=88, template="dashboard/qa_reports/home_panel.html",
            context=qa_panels.home,
        )  # fmt: skip
        register_item(order=60, url_name="imports:index", label=panels.imports_label)
        register_panel(
            "sos_measures",
            page=CHILD,
            order=20,
            template="dashboard/includes/child_measures.html",
            context=panels.child_measures,
        )
        register_demo("dashboard", seed=demo.seed_measures, delete=demo.delete_measures)
        register_demo("qa_reports", seed=demo.seed_qa_reports, delete=demo.delete_qa_reports)
        register_history(decade_seed)
        register_holder("dashboard", records=selectors.records_of_child)
