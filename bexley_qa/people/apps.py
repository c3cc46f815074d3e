from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bexley_qa.people"
    label = "people"
    verbose_name = "People, teams and children"
