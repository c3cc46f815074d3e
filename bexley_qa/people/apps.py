from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bexley_qa.people"
    label = "people"
    verbose_name = "People, teams and children"

    def ready(self):
        from bexley_qa import (
            checks,  # noqa: F401 - registers the project's system checks
            importing,
        )
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import register_panel

        from . import panels, pickers
        from .csc import PAYLOADS
        from .feed import CHILDREN
        from .staff_import import STAFF

        for name, order, template, context in panels.PANELS:
            register_panel(name, order=order, template=template, context=context)
        register_item("children", url_name="people:child-list", label=panels.children_label)
        register_item("people", url_name="manage:people", label=panels.people_label)
        register_item("admin", url_name="admin:index", label=panels.admin_label)
        importing.register(CHILDREN)
        importing.register(STAFF)
        importing.register(PAYLOADS)
        pickers.register_people_pools()
