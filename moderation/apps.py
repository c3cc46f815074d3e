from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Sampling completed audits, allocating them to moderators, the agreed grade."""

    name = "moderation"

    def ready(self):
        from bexley_qa.panels import register_panel
        from bexley_qa.people.access import is_moderator, is_psqa

        # What PSQA and moderators will do here, until the moderation issue builds it.
        register_panel(
            "moderation-sample",
            order=80,
            template="moderation/home/sample.html",
            context=lambda user: {} if is_psqa(user) else None,
        )
        register_panel(
            "moderations",
            order=81,
            template="moderation/home/moderations.html",
            context=lambda user: {} if is_moderator(user) else None,
        )
