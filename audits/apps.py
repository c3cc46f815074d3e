from django.apps import AppConfig


class AuditsConfig(AppConfig):
    """The seven steps of a collaborative case audit (allocation to follow-up)."""

    name = "audits"
