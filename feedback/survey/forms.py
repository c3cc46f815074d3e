from datetime import timedelta

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Size
from django import forms
from django.utils import timezone

from bexley_qa.forms import AnswerField, DateField, VersionedForm, form_helper
from bexley_qa.people.models import Service

from .. import statements as form_text
from ..models import CallOutcome, SurveyRating

WINDOW_DAYS = 14
DEFAULT_FAMILIES_PER_TEAM = 10
MIN_FAMILIES_PER_TEAM = 3


class RoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        max_length=120,
        help_text="For example, Parent/carer survey 2026.",
        error_messages={"required": "Enter a name for the round"},
    )
    opens_on = DateField(
        label="First day PSQA phone families",
        help_text="Workers hand over the paper copy and explanation before this day.",
        what="the first day",
    )
    closes_on = DateField(
        label="Last day",
        help_text="Two weeks after the first day. The round closes on its own after this day.",
        what="the last day",
    )
    services = forms.ModelMultipleChoiceField(
        Service.objects.all(),
        label="Services it covers",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one service"},
    )
    families_per_team = forms.IntegerField(
        label="Families drawn from each team",
        help_text="Chosen at random from the team's open cases (all of them if it has fewer).",
        min_value=MIN_FAMILIES_PER_TEAM,
        max_value=80,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many families to draw from each team",
            "min_value": f"Draw at least {MIN_FAMILIES_PER_TEAM} families from each team, so that "
            "no team's answers point to one family",
            "max_value": "Draw at most 80 families from each team (a team holds up to 80 children)",
            "invalid": "Enter a whole number of families, like 10",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, text in form_text.FAMILY_STATEMENTS:
            self.fields[f"statement_{number}"] = forms.CharField(
                label=f"Statement {number}",
                initial=text,
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": f"Enter statement {number}"},
            )
        start = timezone.localdate()
        self.fields["opens_on"].initial = start
        self.fields["closes_on"].initial = start + timedelta(days=WINDOW_DAYS - 1)
        self.fields["services"].initial = Service.objects.all()
        self.fields["families_per_team"].initial = DEFAULT_FAMILIES_PER_TEAM
        self.helper = form_helper(
            Field.text("name"),
            Field("opens_on"),
            Field("closes_on"),
            Field.checkboxes("services", small=True),
            Field.text("families_per_team", field_width=3),
            Fieldset(
                *[Field.textarea(f"statement_{n}", rows=2) for n, _ in form_text.FAMILY_STATEMENTS],
                legend="The nine statements",
                legend_size=Size.MEDIUM,
            ),
            submit="Open the round",
        )

    @property
    def statements(self) -> list[str]:
        return [self.cleaned_data[f"statement_{n}"] for n, _ in form_text.FAMILY_STATEMENTS]


class CallForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=[
            (CallOutcome.AGREED, "They agreed and answered (enter their answers below)"),
            (CallOutcome.DECLINED, "They declined, before or during the questions"),
            (CallOutcome.NO_ANSWER, "No answer: try again later"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened on the call"},
    )
    phone = forms.CharField(
        label="Their telephone number",
        required=False,
        max_length=40,
        help_text="From their worker or the child's file; kept with the call list only while the "
        "round is open.",
    )
    comment = AnswerField(label="Their comments", required=False, rows=3)
    one_thing = AnswerField(label=form_text.ONE_THING, required=False, rows=3)
    anything_else = AnswerField(label=form_text.ANYTHING_ELSE, required=False, rows=3)

    def __init__(self, *args, statements: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for number, text in enumerate(statements, start=1):
            self.fields[f"rating_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {text}",
                choices=[*SurveyRating.choices, ("", "Not answered")],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select one of the answers"},
            )
        self.numbers = range(1, len(statements) + 1)
        self.helper = form_helper(
            Field.text("phone", field_width=Fluid.ONE_THIRD),
            Field.radios("outcome", legend_size=Size.MEDIUM),
            Fieldset(
                *[Field.radios(f"rating_{n}", inline=True, small=True) for n in self.numbers],
                Field.textarea("comment", rows=3),
                Field.textarea("one_thing", rows=3),
                Field.textarea("anything_else", rows=3),
                legend="Their answers (only kept when they agree)",
                legend_size=Size.MEDIUM,
            ),
            submit="Record the call",
        )

    @property
    def ratings(self) -> dict[int, int | None]:
        return {n: self.cleaned_data.get(f"rating_{n}") for n in self.numbers}


class WriteUpForm(VersionedForm):
    recommendations = AnswerField(
        label="Recommendations to the senior management team", required=False, rows=6
    )
    actions_agreed = AnswerField(
        label="Actions agreed at the senior management team",
        help_text="They join the improvement plan; the next round shows their impact beside them.",
        required=False,
        rows=6,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            Field.textarea("recommendations", rows=6),
            Field.textarea("actions_agreed", rows=6),
            submit="Save",
        )
