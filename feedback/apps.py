from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Feedback from children, families and the network; the annual parent/carer survey."""

    name = "feedback"

    def ready(self):
        from audits.contributions import Section, register_completion_rule, register_section
        from bexley_qa.kept_pdfs import keeps_pdf
        from bexley_qa.navigation import register_item
        from bexley_qa.panels import register_panel
        from bexley_qa.people.demo import register_demo
        from bexley_qa.people.records import register_holder

        from . import selectors
        from .models import SurveyRound
        from .survey import access as survey_access
        from .survey import demo as survey_demo
        from .survey import panels as survey_panels
        from .survey import reports as survey_reports

        register_panel(
            "survey",
            order=85,
            template="feedback/survey/home_panel.html",
            context=survey_panels.psqa_home,
        )
        register_demo("survey", seed=survey_demo.seed_survey, delete=survey_demo.delete_survey)
        keeps_pdf(SurveyRound, survey_reports.report_pdf)
        register_item(
            "survey",
            url_name="survey:index",
            label=lambda user: "Survey" if survey_access.can_read_results(user) else None,
        )

        # Between the self-assessments (30) and the actions (50), as on the form.
        register_completion_rule(40, selectors.feedback_completion_problems)
        register_holder("feedback", records=selectors.records_of_child, heading="Feedback")
        register_section(
            Section(
                number=5,
                title="Feedback",
                tasks=selectors.feedback_tasks,
                pdf_template="feedback/pdf_section.html",
                pdf_record=selectors.feedback_for,
                page_template="feedback/includes/record.html",
            )
        )
