from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Sampling completed audits, allocating them to moderators, the agreed grade."""

    name = "moderation"
