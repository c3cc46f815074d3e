from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from bexley_qa.forms import AnswerField, DateField, PersonChoiceField, VersionedForm, form_helper
from bexley_qa.people import lines
from bexley_qa.people.lines import staff_with_roles
from bexley_qa.people.models import RoleCode, User

from ..models import Audit, ObservationKind, PracticeWeek

DEFAULT_PER_AUDITOR = 2


class ScheduleForm(forms.Form):
    starts_on = DateField(label="First day", what="the first day")
    ends_on = DateField(label="Last day", what="the last day")
    theme = forms.CharField(
        label="Theme (optional)",
        required=False,
        max_length=200,
        help_text="For example, the voice of the child, or neglect.",
    )
    principal_social_worker = PersonChoiceField(
        staff_with_roles(RoleCode.PRINCIPAL_SOCIAL_WORKER),
        label="Principal Social Worker leading it with the PSQA team",
        required=False,
        empty_label="Choose the Principal Social Worker",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        psw = self.fields["principal_social_worker"]
        psw.queryset = staff_with_roles(RoleCode.PRINCIPAL_SOCIAL_WORKER)
        psw.help_text = (
            "The framework: Practice Week is “led by the Principal Social Worker and the PSQA "
            "team”. If you are the Principal Social Worker, or there is only one, it is them."
        )
        psw.initial = lines.the_principal_social_worker()
        self.helper = form_helper(
            Field("starts_on"),
            Field("ends_on"),
            Field.text("theme"),
            Field.select("principal_social_worker"),
            submit="Schedule Practice Week",
        )


class AuditorsForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput, initial="propose")
    auditors = forms.ModelMultipleChoiceField(
        User.objects.none(),
        label="Managers and senior managers taking part",
        help_text="Each audits cases of teams other than their own.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the managers taking part"},
    )
    per_auditor = forms.IntegerField(
        label="Audits for each of them",
        min_value=1,
        max_value=10,
        initial=DEFAULT_PER_AUDITOR,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many audits each of them does",
            "min_value": "Each does at least 1 audit",
            "max_value": "Each does at most 10 audits in the week",
            "invalid": "Enter a whole number, like 2",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditors"].queryset = lines.staff_in(lines.PRACTICE_WEEK_AUDITORS)
        self.fields["auditors"].label_from_instance = lambda u: (
            f"{u} ({u.job_title or ', '.join(u.role_labels())})"
        )
        self.helper = form_helper(
            "step",
            Field.checkboxes("auditors", small=True),
            Field.text("per_auditor", field_width=3),
            submit="Propose the allocation",
        )


class ProposalForm(forms.Form):
    """One auditor (or none) for each proposed case; the auditors are those taking part."""

    step = forms.CharField(widget=forms.HiddenInput, initial="confirm")
    children = forms.CharField(widget=forms.HiddenInput)
    auditors = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, children, auditors, proposed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = children  # not `children`: a template would find the hidden field first
        self.initial |= {
            "children": ",".join(str(c.pk) for c in children),
            "auditors": ",".join(str(a.pk) for a in auditors),
        }
        by_pk = {a.pk: a for a in auditors}
        self.by_pk = by_pk
        for child in children:
            field = forms.TypedChoiceField(
                label=f"Auditor for case {child.case_id}",
                choices=[("", "Do not audit this case"), *((a.pk, str(a)) for a in auditors)],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Choose one of the managers taking part"},
            )
            field.child = child
            if proposed:
                field.initial = proposed.get(child.pk)
            self.fields[f"auditor_{child.pk}"] = field

    def rows(self):
        return [(self[f"auditor_{c.pk}"], c) for c in self.cases]

    @property
    def pairs(self):
        return [
            (child, self.by_pk[self.cleaned_data[f"auditor_{child.pk}"]])
            for child in self.cases
            if self.cleaned_data.get(f"auditor_{child.pk}")
        ]


class ObservationForm(forms.Form):
    practice_week = forms.ModelChoiceField(
        PracticeWeek.objects.filter(published_at__isnull=True),
        label="Practice Week",
        required=False,
        empty_label="Not part of a Practice Week",
    )
    kind = forms.ChoiceField(
        label="What was observed?",
        choices=ObservationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was observed"},
    )
    observer = PersonChoiceField(
        User.objects.none(),
        label="Observed by",
        empty_label="Choose who observed",
        error_messages={"required": "Choose who observed"},
    )
    observed = PersonChoiceField(
        User.objects.none(),
        label="Practitioner or manager observed",
        empty_label="Choose who was observed",
        error_messages={"required": "Choose who was observed"},
    )
    observed_on = DateField(
        label="Date observed",
        what="the date observed",
        latest=timezone.localdate,
        latest_message="The date observed must be today or in the past",
    )
    audit = forms.ModelChoiceField(
        Audit.objects.none(),
        label="The audit it is part of (optional)",
        required=False,
        empty_label="Not part of an audit",
    )
    what_was_seen = AnswerField(label="What was seen", rows=4)
    worked_well = AnswerField(label="What worked well", rows=4)
    to_develop = AnswerField(label="What to develop", rows=4)

    def __init__(self, *args, audits, observers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = observers
        self.fields["observer"].search_in("observers")
        self.fields["observed"].queryset = staff_with_roles()
        self.fields["observed"].search_in("staff")
        self.fields["audit"].queryset = audits
        self.fields["audit"].label_from_instance = lambda a: (
            f"Case {a.child.case_id} ({a.team}), auditor {a.auditor}"
        )
        for name in ("what_was_seen", "worked_well", "to_develop"):
            self.fields[name].error_messages["required"] = (
                f"Enter {self.fields[name].label[0].lower() + self.fields[name].label[1:]}"
            )
        self.helper = form_helper(
            Field.select("practice_week"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("observer"),
            Field.select("observed"),
            Field("observed_on"),
            Field.select("audit"),
            Field.textarea("what_was_seen", rows=4),
            Field.textarea("worked_well", rows=4),
            Field.textarea("to_develop", rows=4),
            submit="Record the observation",
        )


class WriteUpForm(VersionedForm):
    key_learning = AnswerField(label="Key learning", required=False, rows=6)
    working_well = AnswerField(label="What's working well", required=False, rows=6)
    areas_of_development = AnswerField(label="Areas of development", required=False, rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            Field.textarea("key_learning", rows=6),
            Field.textarea("working_well", rows=6),
            Field.textarea("areas_of_development", rows=6),
            submit="Save the report",
        )


class PartnerContactForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter their name"}
    )
    agency = forms.CharField(
        label="Agency and role",
        max_length=200,
        help_text="For example, school: designated safeguarding lead.",
        error_messages={"required": "Enter their agency and role"},
    )
    contacted_on = DateField(
        label="Date contacted",
        what="the date contacted",
        latest=timezone.localdate,
        latest_message="The date contacted must be today or in the past",
    )
    learned = AnswerField(
        label="What was learned jointly",
        rows=4,
        error_messages={"required": "Enter what was learned jointly"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name"),
            Field.text("agency"),
            Field("contacted_on"),
            Field.textarea("learned", rows=4),
            submit="Add the partner professional",
        )
