"""The project's template tags: `{% load govuk %}`.

`{% form_section 2 %}` is the audit form's heading of Section 2, in the form's words;
`{% audit_hints audit %}` the framework's hints for auditors; `{% preparation_guidance %}` what a
practitioner's preparation is considered against.

`{% govuk_error_summary form %}` is the GOV.UK error summary for any form of ours: every error,
each linking to the input it is about (the first radio of a group, the day box of a date), so
that following the link puts the cursor where the answer goes.
"""

from django import forms, template

register = template.Library()


def _anchor(bound_field) -> str:
    """The id of the input an error about this field should take the user to."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.MultiWidget):
        failing = [
            index
            for index, field in enumerate(getattr(bound_field.field, "fields", ()))
            if getattr(field.widget, "errors", None)
        ]
        return f"{bound_field.auto_id}_{failing[0] if failing else 0}"
    if isinstance(widget, forms.RadioSelect):
        return f"{bound_field.auto_id}_1"  # radios are numbered from 1 (crispy-forms-gds)
    return bound_field.auto_id


@register.filter
def fix_url(problem, pk: int) -> str:
    """The link of a rule not yet met (audits/contributions.Unmet): the page, and the place on
    it, where it is fixed."""
    return problem.url(pk)


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(form) -> dict:
    if not isinstance(form, forms.BaseForm) or not form.errors:
        return {"errors": []}  # no form on this page (an unset variable reaches us as "")
    visible = form.visible_fields()
    first = _anchor(visible[0]) if visible else ""
    errors = [(first, message) for message in form.non_field_errors()]
    for bound_field in visible:
        errors += [(_anchor(bound_field), message) for message in bound_field.errors]
    for bound_field in form.hidden_fields():  # a stale or missing version, say
        errors += [(first, message) for message in bound_field.errors]
    return {"errors": errors}


@register.simple_tag
def form_section(number: int) -> str:
    """The audit form's heading of a section, as the form words it (audits/practice_areas.py)."""
    from audits.practice_areas import SECTIONS

    return SECTIONS[number]


@register.inclusion_tag("audits/includes/hints.html")
def audit_hints(audit=None) -> dict:
    """The framework's Hints and Tips for auditors (audits/guidance.py), about this audit's case
    when one is given."""
    from audits import guidance

    return {**guidance.context(audit), "audit": audit}


@register.inclusion_tag("audits/includes/preparation.html")
def preparation_guidance() -> dict:
    """What a practitioner's preparation is considered against (audits/guidance.py)."""
    from audits import guidance

    return {
        "text": guidance.PREPARATION,
        "framework_url": guidance.framework_url(),
        "framework_title": guidance.FRAMEWORK_TITLE,
    }


@register.inclusion_tag("audits/includes/grading_guide.html")
def grading_guide() -> dict:
    """The framework's "From Inadequate to Good", verbatim, area by area (audits/grading_guide.py),
    beside the grading of an audit or a moderation."""
    from audits import grading_guide as guide

    areas = [(area, [(band, cells[band]) for band in guide.BANDS]) for area, cells in guide.AREAS]
    return {"intro": guide.INTRO, "areas": areas}
