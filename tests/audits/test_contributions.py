"""audits/contributions.py: apps above audits add completion rules and sections by registering,
so audits never imports them. Feedback (Section 5) is registered from feedback/apps.py."""

from django.urls import reverse

from audits import contributions, selectors
from audits.contributions import Unmet


def test_feedback_and_moderation_register_their_sections_and_feedback_its_completion_rule():
    feedback, moderation = contributions.sections()
    assert (feedback.number, feedback.title, feedback.pdf_template, feedback.on_task_list) == (
        5,
        "Feedback",
        "feedback/pdf_section.html",
        True,
    )
    # Moderation follows the audit in its PDF only (its page shows the moderation as a panel).
    assert (moderation.number, moderation.title, moderation.on_task_list) == (
        8,
        "Moderation",
        False,
    )
    orders = [order for order, _ in contributions.completion_rules()]
    assert orders == [40]  # between the self-assessments (30) and the actions (50)


def test_a_registered_rule_takes_its_place_among_the_audits_own(org, audit, monkeypatch):
    monkeypatch.setattr(contributions, "_completion_rules", {})

    def moderation_rule(audit):
        return [Unmet("Agree the grade with the moderator", "audits:detail")]

    contributions.register_completion_rule(15, moderation_rule)
    contributions.register_completion_rule(15, moderation_rule)  # registering twice adds it once
    messages = [p.message for p in selectors.completion_problems(audit)]
    assert messages[2:5] == [
        "Score all 19 practice areas (0 scored so far)",
        "Agree the grade with the moderator",
        "Grade the audit overall (Section 6)",
    ]


def test_the_task_list_shows_a_registered_section_where_its_number_puts_it(org, audit, client_for):
    page = client_for(org.tariq).get(audit.get_absolute_url()).content.decode()
    assert (
        page.index("Section 4: Areas of practice")
        < page.index("Section 5: Feedback")
        < page.index("Section 6: Audit Outcome")
    )
    assert f'href="{reverse("feedback:summary", args=[audit.pk])}"' in page
