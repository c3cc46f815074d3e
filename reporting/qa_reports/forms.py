from crispy_forms_gds.layout import Field
from django import forms

from bexley_qa import workdays
from bexley_qa.forms import AnswerField, FilterSelect, VersionedForm, form_helper, month_field
from bexley_qa.people.models import Service

from ..models import REPORT_SECTION_MAX_LENGTH


def _section(label: str, help_text: str) -> AnswerField:
    return AnswerField(
        label=label, help_text=help_text, required=False, max_length=REPORT_SECTION_MAX_LENGTH
    )


class SectionsForm(VersionedForm):
    """The sections PSQA write before publishing, saved as they type."""

    themes = _section("Themes", "What the audits of the period show, theme by theme.")
    key_learning = _section(
        "Key learning",
        "Including what the period's Practice Weeks and parent/carer survey rounds found (the report lists them).",
    )
    recommendations = _section(
        "Recommendations", "What the senior leadership team are asked to agree."
    )
    impact = _section(
        "The impact of agreed actions",
        "What changed since the actions agreed in earlier reports (the figures beside the four "
        "periods before show it).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            *[Field.textarea(name, rows=7) for name in ("themes", "key_learning", "recommendations", "impact")],
            submit="Save and return to the report",
        )  # fmt: skip


class NewReportForm(forms.Form):
    """A report drafted on demand, for any period of whole months."""

    start = month_field("First month", required_message="Enter the first month")
    end = month_field("Last month", required_message="Enter the last month")
    service = forms.ModelChoiceField(
        Service.objects.order_by("name"),
        required=False,
        empty_label="The whole directorate",
        label="Report on",
        widget=FilterSelect,
        error_messages={"invalid_choice": "Select the directorate or a service from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("start", "end", "service", submit="Draft the report")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The last month must be the same as the first month or later")
        elif start and end and workdays.month_count(start, end) > 24:
            self.add_error("end", "Choose a period of two years or less")
        return data
