from django.apps import AppConfig


class SignsOfSafetyConfig(AppConfig):
    """The Signs of Safety measures from the case system: the dashboard, its figures and the
    monthly report. Its label stays "dashboard" (the Signs of Safety dashboard): its tables,
    migrations and URL names keep the name they were created with."""

    name = "sos"
    label = "dashboard"
    verbose_name = "Signs of Safety dashboard"

    def ready(self):
        from bexley_qa import importing
        from bexley_qa.imports.services import after_the_night
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import CHILD, register_panel
        from bexley_qa.people.demo import register_after_seeding, register_demo
        from bexley_qa.people.records import register_holder

        from . import demo, figures, panels, selectors
        from .importing import MEASURES
        from .tasks import draw_team_charts

        register_item("dashboard", url_name="dashboard:index", label=panels.navigation_label)
        register_panel(
            "sos_measures",
            page=CHILD,
            order=20,
            template="sos/includes/child_measures.html",
            context=panels.child_measures,
        )
        importing.register(MEASURES)
        # The children's export moves children between teams and closes cases: the figures of
        # this month follow it, as they follow every measure recorded.
        importing.when_imported("children", figures.refresh_after_children)
        after_the_night(figures.refresh_current)
        register_demo("dashboard", seed=demo.seed_measures, delete=demo.delete_measures)
        register_after_seeding(draw_team_charts)  # sos/charts.py
        register_holder(
            "dashboard", records=selectors.records_of_child, heading="Signs of Safety measures"
        )
