from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The one import page, command line and nightly folder job, and the record of each import."""

    name = "bexley_qa.imports"
    label = "imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from bexley_qa.importing import when_imported
        from bexley_qa.navigation import register_item
        from bexley_qa.people.demo import register_demo
        from bexley_qa.people.records import register_case_id_renamer

        from . import access, models

        register_item("imports", url_name="imports:index", label=access.navigation_label)
        # The payload client's batches: what each payload was stored as, with the run.
        when_imported("csc-payloads", models.keep_submissions)
        # `seed_demo --replace` deletes the runs (they name who ran them) before the people.
        register_demo("imports", seed=None, delete=lambda: models.ImportRun.objects.all().delete())
        # The runs' lists of case IDs follow a child's anonymising (the retention schedule).
        register_case_id_renamer(models.rename_case_id)
