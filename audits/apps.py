from django.apps import AppConfig


class AuditsConfig(AppConfig):
    """The seven steps of a collaborative case audit (allocation to follow-up)."""

    name = "audits"

    def ready(self):
        from bexley_qa import importing
        from bexley_qa.kept_pdfs import keeps_pdf
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import AUDIT, CHILD, register_panel
        from bexley_qa.people.demo import register_demo
        from bexley_qa.people.lookup import register_lookup_note
        from bexley_qa.people.records import register_holder

        from . import demo, panels, pdf, pickers, selectors
        from .importing import ALLOCATIONS
        from .models import PracticeWeek
        from .practice_week import panels as practice_week_panels
        from .practice_week import reports as practice_week_reports

        keeps_pdf(PracticeWeek, practice_week_reports.report_pdf)

        for name, order, template, context in panels.PANELS:
            register_panel(name, order=order, template=template, context=context)
        for name, order, template, context in panels.CHILD_PANELS:
            register_panel(name, page=CHILD, order=order, template=template, context=context)
        register_item("audits", url_name="audits:allocations", label=panels.audits_label)
        register_item(
            "practice-week",
            url_name="practice_week:index",
            label=practice_week_panels.navigation_label,
        )
        register_panel(
            "practice-week",
            order=80,
            template="audits/practice_week/includes/home_panel.html",
            context=practice_week_panels.leads_home,
        )
        register_panel(
            "partner-professionals",
            page=AUDIT,
            order=5,
            template="audits/practice_week/includes/partners_panel.html",
            context=practice_week_panels.partner_contacts,
        )
        importing.register(ALLOCATIONS)
        from .leavers import list_open_work

        importing.when_imported("staff", list_open_work)
        register_demo("audits", seed=demo.seed_audits, delete=demo.delete_audits)
        pickers.register_audit_pools()
        register_lookup_note(panels.open_audit_notes)
        register_holder(
            "audits", records=selectors.records_of_child, heading="Audits", forget=pdf.forget_pdfs
        )
