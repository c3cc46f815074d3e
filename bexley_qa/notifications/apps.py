from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The email outbox: every email the product sends is a row here first (issue: outbox)."""

    name = "bexley_qa.notifications"
    label = "notifications"
    verbose_name = "Email outbox"
