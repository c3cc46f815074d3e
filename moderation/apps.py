from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Sampling completed audits, allocating them to moderators, the agreed grade."""

    name = "moderation"

    def ready(self):
        from audits.access import register_readers
        from audits.contributions import Section, register_section
        from bexley_qa import importing
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import AUDIT, register_panel
        from bexley_qa.people.demo import register_demo
        from bexley_qa.people.records import register_holder

        from . import access, demo, leavers, panels, selectors

        importing.when_imported("staff", leavers.list_open_work)

        # A moderator reads the audits allocated to them for moderation (and no other).
        register_readers(access.audits_being_moderated_by)
        for name, order, template, context in panels.HOME_PANELS:
            register_panel(name, order=order, template=template, context=context)
        register_panel(
            "audit-moderation",
            page=AUDIT,
            order=10,
            template="moderation/audit_panel.html",
            context=panels.audit_moderation,
        )
        # The finalised moderation follows the audit in its PDF (the page shows it as a panel).
        register_section(
            Section(
                number=8,
                title="Moderation",
                tasks=lambda audit: [],
                pdf_template="moderation/pdf_section.html",
                pdf_record=selectors.finalised_moderation_of,
                on_task_list=False,
            )
        )
        register_item("moderation", url_name="moderation:sample", label=panels.label)
        register_demo("moderation", seed=demo.seed_moderation, delete=demo.delete_moderation)
        register_holder("moderation", records=selectors.records_of_child, heading="Moderation")
