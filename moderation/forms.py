"""The moderation pages' forms: PSQA's (add, allocate, remove) and the moderator's."""

from datetime import timedelta

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from audits.models import GRADES, Band, grade_band, grade_errors
from bexley_qa.forms import (
    PEOPLE_SELECT,
    AnswerField,
    DateField,
    FilterSelect,
    PersonChoiceField,
    VersionedForm,
    form_helper,
    month_field,
    scale_field,
)
from bexley_qa.people.models import Service, User

from .models import ActionCompleted, Agreement

GRADE_CHOICES = [(n, f"{n} – {grade_band(n).label}") for n in GRADES]
TEXT = {"rows": 4}


def grade_field(label: str, required_message: str) -> forms.TypedChoiceField:
    """An overall grade 0–6 as radios, each with its band."""
    return forms.TypedChoiceField(
        label=label,
        choices=GRADE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": "Select a grade from 0 to 6",
        },
    )


class GradeChecked:
    """Checks `grade` and `outstanding` as an overall grade (Outstanding only on a 6)."""

    def clean(self):
        data = super().clean()
        if data.get("grade") is not None:
            for field, message in grade_errors(data["grade"], data.get("outstanding")).items():
                self.add_error(field, message)
        return data


class SampleFilterForm(forms.Form):
    month = month_field("Month")
    state = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "All but removed"),
            ("proposed", "Proposed"),
            ("allocated", "Allocated"),
            ("overdue", "Overdue"),
            ("finalised", "Finalised"),
            ("removed", "Removed"),
        ],
    )
    # Options written in Python (FilterSelect): a county's moderators and services are hundreds,
    # and Django's template per option cost the sample page 100 ms.
    service = forms.ModelChoiceField(
        Service.objects.all(),
        required=False,
        empty_label="All services",
        widget=FilterSelect(labels=("name",)),
    )
    moderator = forms.ModelChoiceField(
        User.objects.none(), required=False, empty_label="All moderators", widget=PEOPLE_SELECT
    )
    band = forms.ChoiceField(
        label="Final grade", required=False, choices=[("", "Any grade"), *Band.choices]
    )

    def __init__(self, *args, moderators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = moderators


class AddForm(forms.Form):
    audit = forms.CharField(
        label="Audit reference or case ID",
        max_length=30,
        help_text="A completed audit's reference, as its page, the audits list and its PDF show it "
        "(like AUD-00042), or the child's case ID when the case has one completed audit.",
        error_messages={"required": "Enter the audit's reference or the case ID"},
    )
    reason = AnswerField(
        label="Why add it to the sample?",
        rows=3,
        max_length=500,
        error_messages={"required": "Enter why you are adding it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("audit", field_width=10), Field.textarea("reason", rows=3), submit="Add"
        )


class AllocateForm(forms.Form):
    moderator = PersonChoiceField(
        User.objects.none(),
        label="Moderator",
        empty_label="Choose a moderator",
        error_messages={
            "required": "Choose a moderator",
            "invalid_choice": "Choose a moderator from the list: the auditor, people named on "
            "the audit and the child's team and service managers cannot moderate it",
        },
    )
    return_date = DateField(
        label="Return date",
        what="the return date",
        help_text="Defaults to 20 working days from today.",
        required_message="Enter the return date",
    )

    def __init__(self, *args, moderators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = moderators
        due = self.fields["return_date"]
        due.earliest = lambda: timezone.localdate() + timedelta(days=1)
        due.earliest_message = "The return date must be in the future"
        due.latest = lambda: timezone.localdate() + timedelta(days=366)
        due.latest_message = "The return date must be within a year"
        self.helper = form_helper("moderator", "return_date", submit="Allocate")


class ScoreForm(VersionedForm):
    score = scale_field("Your score")
    comment = AnswerField(label="Your comment", required=False, **TEXT)


class CommentsForm(VersionedForm):
    good_practice = AnswerField(label="Comments on good practice", required=False, **TEXT)
    areas_for_development = AnswerField(label="Areas for development", required=False, **TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            Field.textarea("good_practice", rows=5),
            Field.textarea("areas_for_development", rows=5),
            submit="Save and return to the moderation",
        )


class GradeForm(GradeChecked, VersionedForm):
    grade = grade_field("Your grade for the audit", "Select a grade from 0 to 6")
    outstanding = forms.BooleanField(
        label="Outstanding: good is reached and surpassed (only on a 6)", required=False
    )
    agreement = forms.ChoiceField(
        label="Do you agree with the auditor's grade?",
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether you agree with the auditor's grade",
            "invalid_choice": "Say whether you agree with the auditor's grade",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.checkbox("outstanding"),
            Field.radios("agreement", legend_size=Size.MEDIUM),
            submit="Save",
        )


class MeetingForm(VersionedForm):
    meeting_date = DateField(
        label="Date of the meeting",
        what="the date of the meeting",
        help_text="For example, 27 11 2026.",
        required_message="Enter the date of the meeting",
    )
    meeting_attendees = forms.CharField(
        label="Who attended",
        max_length=500,
        help_text="The auditor, and the team manager if they joined.",
        error_messages={"required": "Enter who attended"},
    )
    agreed_grade = grade_field("The grade you agreed", "Select the grade you agreed")
    agreed_outstanding = forms.BooleanField(label="Outstanding (only on a 6)", required=False)
    learning_strengths = AnswerField(
        label="Learning for the auditor: strengths in their auditing practice",
        error_messages={"required": "Enter the auditor's strengths"},
        **TEXT,
    )
    learning_to_develop = AnswerField(
        label="Learning for the auditor: areas to develop in their auditing practice",
        error_messages={"required": "Enter the auditor's areas to develop"},
        **TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_date"].latest = timezone.localdate
        self.fields["meeting_date"].latest_message = "The meeting date must be today or in the past"
        self.helper = form_helper(
            "version",
            "meeting_date",
            Field.text("meeting_attendees"),
            Field.radios("agreed_grade", legend_size=Size.MEDIUM),
            Field.checkbox("agreed_outstanding"),
            Field.textarea("learning_strengths", rows=4),
            Field.textarea("learning_to_develop", rows=4),
            submit="Save the meeting",
        )

    def clean(self):
        data = super().clean()
        agreed = data.get("agreed_grade")
        if agreed is not None and data.get("agreed_outstanding") and grade_errors(agreed, True):
            self.add_error("agreed_outstanding", "Outstanding can only be agreed on a 6")
        return data


class ActionReviewForm(forms.Form):
    """For each of the audit's actions: was it completed (yes / partly / no), with a note."""

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = actions
        for action, review in actions:
            self.fields[f"completed_{action.pk}"] = forms.ChoiceField(
                label=action.what,
                choices=ActionCompleted.choices,
                widget=forms.RadioSelect,
                initial=review.completed if review else None,
                error_messages={
                    "required": f"Say whether this action was completed: {action.what[:80]}"
                },
            )
            self.fields[f"note_{action.pk}"] = AnswerField(
                label="Note (optional)",
                required=False,
                initial=review.note if review else "",
                rows=2,
            )

    def rows(self):
        return [
            (action, self[f"completed_{action.pk}"], self[f"note_{action.pk}"])
            for action, _ in self.actions
        ]

    def reviews(self) -> dict[int, tuple[str, str]]:
        return {
            action.pk: (
                self.cleaned_data[f"completed_{action.pk}"],
                self.cleaned_data[f"note_{action.pk}"],
            )
            for action, _ in self.actions
        }


class AdditionalActionForm(forms.Form):
    what = AnswerField(
        label="What needs to happen?",
        rows=3,
        error_messages={"required": "Enter what needs to happen"},
    )
    owner_name = forms.CharField(
        label="Who will do it",
        max_length=200,
        error_messages={"required": "Enter who will do it"},
    )
    due_date = DateField(
        label="When: due by",
        what="the due date",
        help_text="For example, 3 12 2026.",
        required_message="Enter when the action is due",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        due = self.fields["due_date"]
        due.earliest = timezone.localdate
        due.earliest_message = "The due date must be today or in the future"
        due.latest = lambda: timezone.localdate() + timedelta(days=2 * 366)
        due.latest_message = "The due date must be within the next 2 years"
        self.helper = form_helper(
            Field.textarea("what", rows=3),
            Field.text("owner_name"),
            "due_date",
            submit="Add action",
        )


class OversightForm(forms.Form):
    direction = AnswerField(
        label="Case direction", error_messages={"required": "Enter the case direction"}, **TEXT
    )
    action = AnswerField(
        label="Action to be taken",
        error_messages={"required": "Enter the action to be taken"},
        **TEXT,
    )
    timescale = forms.CharField(
        label="Timescale",
        max_length=500,
        error_messages={"required": "Enter the timescale"},
    )
    completion = AnswerField(
        label="Completion of tasks",
        help_text="Which tasks are done, and how and when you will check the rest are completed.",
        error_messages={
            "required": "Enter how the completion of the tasks will be checked, or that they are "
            "done"
        },
        **TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("direction", rows=4),
            Field.textarea("action", rows=4),
            Field.text("timescale"),
            Field.textarea("completion", rows=4),
            submit="Record the oversight note",
        )


class FinaliseForm(forms.Form):
    case_note = AnswerField(
        label="Management oversight case note",
        help_text="As you will record it on the child's file under management oversight: the "
        "moderation's outcome, the agreed grade and what is to happen next.",
        error_messages={"required": "Enter your management oversight case note"},
        **TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("case_note", rows=6), submit="Finalise the moderation"
        )


class AmendForm(GradeChecked, forms.Form):
    grade = grade_field("The corrected grade", "Select a grade from 0 to 6")
    outstanding = forms.BooleanField(label="Outstanding (only on a 6)", required=False)
    reason = AnswerField(
        label="Why is the grade corrected?",
        rows=3,
        max_length=500,
        error_messages={"required": "Enter why you are amending it"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.checkbox("outstanding"),
            Field.textarea("reason", rows=3),
            submit="Amend the grade",
        )
