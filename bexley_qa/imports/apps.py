from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The one import page, command line and nightly folder job, and the record of each import."""

    name = "bexley_qa.imports"
    label = "imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bexley_qa.navigation import register_item

        from . import access

        register_item("imports", url_name="imports:index", label=access.navigation_label)
