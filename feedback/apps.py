from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Feedback from children, families and the network; the annual parent/carer survey."""

    name = "feedback"
