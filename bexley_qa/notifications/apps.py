from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The email outbox: every email the product sends is a row here first (issue: outbox)."""

    name = "bexley_qa.notifications"
    label = "notifications"
    verbose_name = "Email outbox"

    def ready(self):
        from bexley_qa.navigation import register_item
        from bexley_qa.people.access import is_psqa

        register_item(
            "outbox",
            url_name="notifications:outbox",
            label=lambda user: "Email outbox" if is_psqa(user) else None,
        )
