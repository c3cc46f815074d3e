from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from bexley_qa.forms import SCALE_CHOICES, AnswerField, DateField, form_helper

from .models import FeedbackKind
from .services import FAMILY_FIELDS, NETWORK_FIELDS
from .statements import ANYTHING_ELSE, CHILD_QUESTIONS, FAMILY_STATEMENTS, ONE_THING, OPEN_QUESTIONS


def _contact_date() -> DateField:
    return DateField(
        label="Date of contact",
        what="the date of contact",
        help_text="For example, 3 12 2026.",
        latest=timezone.localdate,
        latest_message="The date of contact must be today or in the past",
    )


def _answer(label: str) -> forms.CharField:
    return AnswerField(label=label, required=False, rows=2)


class ChildFeedbackForm(forms.Form):
    contact_date = _contact_date()
    child_name = forms.CharField(
        label="Name of child / young person", max_length=200,
        error_messages={"required": "Enter the child's name"},
    )  # fmt: skip
    agreement = forms.BooleanField(
        label="The parent/carer (or the young adult themselves) agreed to the child or young "
        "person giving their feedback",
        help_text="Direct feedback from the child or young person is subject to agreement from the "
        "parent/carer or young adult.",
        error_messages={
            "required": "Confirm the parent/carer or young adult agreed, or record why the "
            "child's feedback was not obtained"
        },
    )
    lead_professional = forms.CharField(
        label="Lead professional (optional)", max_length=200, required=False,
        help_text="Their name and role, where a professional acts as lead professional.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in CHILD_QUESTIONS:
            self.fields[name] = _answer(question)


NOT_ANSWERED = "not_answered"


def _score(value: str) -> int | None:
    return None if value == NOT_ANSWERED else int(value)


class FamilyFeedbackForm(forms.Form):
    ANSWER_FIELDS = FAMILY_FIELDS

    contact_date = _contact_date()
    role = forms.CharField(
        label="Role of family member", max_length=100, help_text="For example mother, grandfather, foster carer.",
        error_messages={"required": "Enter the family member's role"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in OPEN_QUESTIONS:
            self.fields[name] = _answer(question)
        for number, statement in FAMILY_STATEMENTS:
            self.fields[f"statement_{number}"] = forms.TypedChoiceField(
                label=f"{number}. {statement}",
                choices=[*SCALE_CHOICES, (NOT_ANSWERED, "Not answered")],
                coerce=_score,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Select a score from 0 (strongly disagree) to 10 (strongly agree),"
                    " or ‘Not answered’"
                },
            )
        self.fields["one_thing_to_change"] = _answer(ONE_THING)
        self.fields["anything_else"] = _answer(ANYTHING_ELSE)

    def scores(self) -> dict[int, int | None]:
        """Each statement's score; None when the family member did not answer it."""
        return {number: self.cleaned_data[f"statement_{number}"] for number, _ in FAMILY_STATEMENTS}

    @classmethod
    def initial_from(cls, row) -> dict:
        """What is recorded, to change it: the answers, and each statement's score."""
        initial = {name: getattr(row, name) for name in cls.ANSWER_FIELDS}
        for score in row.scores.all():
            initial[f"statement_{score.statement}"] = (
                NOT_ANSWERED if score.score is None else score.score
            )
        return initial

    def statement_fields(self):
        return [self[f"statement_{number}"] for number, _ in FAMILY_STATEMENTS]


class NetworkFeedbackForm(forms.Form):
    ANSWER_FIELDS = NETWORK_FIELDS

    @classmethod
    def initial_from(cls, row) -> dict:
        return {name: getattr(row, name) for name in cls.ANSWER_FIELDS}

    contact_date = _contact_date()
    name_and_role = forms.CharField(
        label="Name and role", max_length=200, help_text="For example ‘Sam Jones, school nurse’.",
        error_messages={"required": "Enter their name and role"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in OPEN_QUESTIONS:
            self.fields[name] = _answer(question)


class NotObtainedForm(forms.Form):
    reason = AnswerField(
        label="Why was the feedback not obtained?",
        rows=3,
        help_text="For example: the parent declined, or the child is too young to give a view.",
        error_messages={"required": "Enter why the feedback was not obtained"},
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = FeedbackKind(kind)
        self.helper = form_helper(Field.textarea("reason", rows=3), submit="Save the reason")
