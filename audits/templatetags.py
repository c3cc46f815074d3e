"""The audit form's template tags: `{% load audit_form %}`.

`{% form_section 2 %}` is the audit form's heading of Section 2, in the form's words;
`{% audit_hints audit %}` the framework's hints for auditors; `{% preparation_guidance %}` what a
practitioner's preparation is considered against; `{% grading_guide %}` the framework's "From
Inadequate to Good" beside a grading.
"""

from django import template

from . import grading_guide as guide
from . import guidance
from .practice_areas import SECTIONS

register = template.Library()


@register.simple_tag
def form_section(number: int) -> str:
    """The audit form's heading of a section, as the form words it (audits/practice_areas.py)."""
    return SECTIONS[number]


@register.inclusion_tag("audits/includes/hints.html")
def audit_hints(audit=None) -> dict:
    """The framework's Hints and Tips for auditors (audits/guidance.py), about this audit's case
    when one is given."""
    return {**guidance.context(audit), "audit": audit}


@register.inclusion_tag("audits/includes/preparation.html")
def preparation_guidance() -> dict:
    """What a practitioner's preparation is considered against (audits/guidance.py)."""
    return {
        "text": guidance.PREPARATION,
        "framework_url": guidance.framework_url(),
        "framework_title": guidance.FRAMEWORK_TITLE,
    }


@register.inclusion_tag("audits/includes/grading_guide.html")
def grading_guide() -> dict:
    """The framework's "From Inadequate to Good", verbatim, area by area (audits/grading_guide.py),
    beside the grading of an audit or a moderation."""
    areas = [(area, [(band, cells[band]) for band in guide.BANDS]) for area, cells in guide.AREAS]
    return {"intro": guide.INTRO, "areas": areas}
