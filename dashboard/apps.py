from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """Signs of Safety measures per child, dashboards and the monthly and quarterly reports."""

    name = "dashboard"
