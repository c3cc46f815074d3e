"""The project's template tags: `{% load govuk %}`.

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
