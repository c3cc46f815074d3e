from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bexley_qa.people"
    label = "people"
    verbose_name = "People, teams and children"

    def ready(self):
        from bexley_qa import checks  # noqa: F401 - registers the project's system checks
