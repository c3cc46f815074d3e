"""The audit's forms. The GOV.UK machinery they share (layout helper, date input, 0–10 scale,
versioned form, reason box) is bexley_qa/forms.py."""

from datetime import timedelta

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils import timezone

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
from bexley_qa.people.lines import staff_with_roles
from bexley_qa.people.models import Ethnicity, Gender, PlanType, Service, Team, User

from .models import (
    GRADES,
    THEME_OTHER_MAX_LENGTH,
    AuditKind,
    AuditStatus,
    Band,
    FollowUpProgress,
    PracticeObservation,
    ReviewKind,
    Theme,
    grade_band,
    grade_errors,
    theme_errors,
)
from .practice_areas import PRACTICE_AREAS, AreaKind, PracticeArea

# A meeting is booked for today or later, within the year.
MEETING_DATE_RANGE = {
    "what": "the date of the meeting",
    "earliest": timezone.localdate,
    "earliest_message": "The meeting date must be today or in the future",
    "latest": lambda: timezone.localdate() + timedelta(days=366),
    "latest_message": "The meeting date must be within the next year",
}


class AllocationForm(forms.Form):
    auditor = PersonChoiceField(
        queryset=User.objects.none(),
        empty_label="Choose an auditor",
        help_text="A team manager or more senior manager from another team.",
        error_messages={
            "required": "Select the auditor",
            "invalid_choice": "Select an auditor from the list",
        },
    )
    kind = forms.ChoiceField(
        label="Audit type",
        choices=AuditKind.choices,
        initial=AuditKind.ROUTINE,
        widget=forms.RadioSelect,
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        choices=[("", "No theme"), *Theme.choices],
        help_text="Needed for a thematic audit: one of the framework's seven core areas of "
        "practice, or another theme.",
        error_messages={"invalid_choice": "Select a theme from the list"},
    )
    theme_other = forms.CharField(
        label="If the theme is ‘Other’, what is it?",
        required=False,
        max_length=THEME_OTHER_MAX_LENGTH,
        help_text="For example ‘Neglect’.",
    )
    meeting_date = DateField(
        label="Meeting date (optional)",
        required=False,
        help_text="Leave this empty if the auditor will book the meeting. For example, 3 12 2026.",
        **MEETING_DATE_RANGE,
    )
    confirm_recent = forms.BooleanField(
        required=False, widget=forms.HiddenInput, label="Allocate it anyway"
    )

    def __init__(self, *args, auditors, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors
        self.fields["auditor"].search_in("auditors-for-child", child.case_id)
        self.helper = form_helper(
            Field.select("auditor"),
            Field.radios("kind", inline=False),
            Field.select("theme"),
            Field.text("theme_other", field_width=Fluid.TWO_THIRDS),
            Field("meeting_date"),
            "confirm_recent",
            submit="Allocate audit",
        )

    def clean(self):
        data = super().clean()
        errors = theme_errors(
            data.get("theme", ""), data.get("theme_other", ""), kind=data.get("kind", "")
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data


class AllocationFilterForm(forms.Form):
    find = forms.CharField(
        label="Case ID or audit reference",
        required=False,
        max_length=30,
        help_text="For example, 1234567 or AUD-00042.",
    )
    service = forms.ModelChoiceField(
        Service.objects.all(),
        required=False,
        empty_label="All services",
        widget=FilterSelect(labels=("name",)),
    )
    team = forms.ModelChoiceField(
        Team.objects.all(),
        required=False,
        empty_label="All teams",
        widget=FilterSelect(labels=("name",)),
    )
    auditor = forms.ModelChoiceField(
        User.objects.none(), required=False, empty_label="All auditors", widget=PEOPLE_SELECT
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *AuditStatus.choices])
    band = forms.ChoiceField(
        label="Grade", required=False, choices=[("", "Any grade"), *Band.choices]
    )
    theme = forms.ChoiceField(required=False, choices=[("", "Any theme"), *Theme.choices])
    month = month_field("Month allocated")
    completed = month_field("Month completed")
    # Reached from the audit results' figures (their links down to the audits behind a number).
    completed_from = month_field("Completed from")
    completed_to = month_field("Completed to")
    moderated = month_field("Month moderated")
    kind = forms.ChoiceField(
        label="Audit type", required=False, choices=[("", "All types"), *AuditKind.choices]
    )
    plan_type = forms.ChoiceField(
        label="Plan type", required=False, choices=[("", "All plan types"), *PlanType.choices]
    )

    def __init__(self, *args, auditors, teams, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = auditors
        self.fields["team"].queryset = teams
        self.fields["service"].queryset = services
        for name in ("service", "team", "auditor", "status", "band", "theme", "kind", "plan_type"):
            self.fields[name].error_messages["invalid_choice"] = "Select an option from the list"

    MORE = (
        "month",
        "completed",
        "moderated",
        "completed_from",
        "completed_to",
        "kind",
        "plan_type",
    )

    @property
    def more_filters(self) -> bool:
        """Whether a filter behind 'More filters' is chosen or wrong (then it opens)."""
        return self.is_bound and any(self.data.get(name) for name in self.MORE)

    def clean(self):
        data = super().clean()
        start, end = data.get("completed_from"), data.get("completed_to")
        if start and end and start > end:
            self.add_error(
                "completed_to", "‘Completed to’ must be the same month as ‘Completed from’ or later"
            )
        return data


class MeetingForm(forms.Form):
    meeting_date = DateField(
        label="Date of the audit meeting",
        help_text="For example, 3 12 2026.",
        **MEETING_DATE_RANGE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("meeting_date"), submit="Book meeting")


WORKED_WELL = (
    "What worked well, to make you scale in this way? "
    "And what difference has this made to the child/young person/young adult?"
)
TO_MOVE_UP = (
    "What would need to happen to move up on the scale? "
    "And what difference will this make for the child/young person/young adult?"
)


class SelfAssessmentForm(VersionedForm):
    difference_score = scale_field(
        "Using a scale where 0 = no difference and 10 = significant difference – what difference "
        "have you as a practitioner made in relation to this child/young person/young adult?"
    )
    difference_worked_well = AnswerField(label=WORKED_WELL, required=False)
    difference_to_move_up = AnswerField(label=TO_MOVE_UP, required=False)
    signs_of_safety_score = scale_field(
        "Using a scale where 0 = never and 10 = always use - to what extent do you use Signs of "
        "Safety / Signs of Wellbeing / Signs of Success with this child/young person/young adult "
        "and their family?"
    )
    signs_of_safety_worked_well = AnswerField(label=WORKED_WELL, required=False)
    signs_of_safety_to_move_up = AnswerField(label=TO_MOVE_UP, required=False)


class Section1Form(VersionedForm):
    referral_date = DateField(
        label="Date the referral was received",
        required=False,
        what="the date the referral was received",
        latest=timezone.localdate,
        latest_message="The date the referral was received must be today or in the past",
    )
    commenced_on = DateField(
        label="Collaborative case audit commenced",
        required=False,
        what="the date the audit commenced",
        latest=timezone.localdate,
        latest_message="The date the audit commenced must be today or in the past",
    )
    completed_on = DateField(
        label="Collaborative case audit completed",
        required=False,
        what="the date the audit was completed",
        latest=timezone.localdate,
        latest_message="The date the audit was completed must be today or in the past",
    )
    practice_observation = forms.ChoiceField(
        label="Has a practice observation been undertaken in connection with this audit or is one required?",
        choices=PracticeObservation.choices,
        widget=forms.RadioSelect,
    )
    date_of_birth = DateField(
        label="Date of birth",
        what="the date of birth",
        earliest=lambda: timezone.localdate().replace(year=timezone.localdate().year - 30),
        earliest_message="The date of birth must be within the last 30 years",
        latest=timezone.localdate,
        latest_message="The date of birth must be today or in the past",
    )
    gender = forms.ChoiceField(choices=[])
    ethnicity = forms.ChoiceField(choices=[])
    first_language = forms.CharField(label="Language", max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = Gender.choices
        self.fields["ethnicity"].choices = Ethnicity.choices
        self.fields["first_language"].error_messages["required"] = (
            "Enter the child's first language"
        )
        self.helper = form_helper(
            "version",
            Field("referral_date"),
            Field("commenced_on"),
            Field("completed_on"),
            Field.radios("practice_observation"),
            Field("date_of_birth"),
            Field.select("gender"),
            Field.select("ethnicity"),
            Field.text("first_language", field_width=Fluid.ONE_THIRD),
        )


class AreaScoreForm(VersionedForm):
    """One practice area; labels follow the form's own words for that kind of area."""

    signs_of_impact = AnswerField(
        label="Signs of Impact",
        required=False,
        rows=4,
        help_text="The evidence you have seen, with where it is on the child's file "
        "(for example ‘direct work uploaded on 01/04/19’).",
    )
    worked_well = AnswerField(required=False, rows=4)
    strengths_reference = forms.CharField(
        label="Where the areas of strength are on the child’s file",
        required=False,
        max_length=300,
        help_text="Areas of impact and areas of strength should be evidenced with a reference of "
        "where this can be found on the child/young person’s file (for example ‘direct work "
        "uploaded on 01/04/19’).",
    )
    to_move_up = AnswerField(required=False, rows=4)
    score = scale_field("Score")
    rationale = AnswerField(label="Auditor rationale", required=False, rows=3)

    def __init__(self, *args, practice_area: PracticeArea, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice_area = practice_area
        self.fields["score"].label = practice_area.scale_label
        if practice_area.kind == AreaKind.COLLABORATIVE:
            self.fields["worked_well"].label = f"Areas of strength: {WORKED_WELL}"
            self.fields["to_move_up"].label = f"Areas to develop: {TO_MOVE_UP}"
        else:
            self.fields["worked_well"].label = "Areas of strength"
            self.fields["to_move_up"].label = "Areas to develop"
        if not practice_area.has_signs_of_impact:
            del self.fields["signs_of_impact"]
        if not practice_area.has_rationale:
            del self.fields["rationale"]

    def construction_kwargs(self) -> dict:
        return {"practice_area": self.practice_area}


class GradeForm(VersionedForm):
    grade = forms.TypedChoiceField(
        label="Overall rating of case audit",
        choices=[(n, f"{n} – {grade_band(n).label}") for n in GRADES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an overall grade from 0 to 6"},
    )
    outstanding = forms.BooleanField(
        label="Outstanding: good is reached and surpassed (only on a 6)", required=False
    )
    impact_summary = AnswerField(
        label="Having completed the collaborative case audit, what difference are we making to this "
        "child/young person/young adult?",
        rows=5,
        error_messages={"required": "Enter what difference we are making to this child"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "version",
            Field.radios("grade", legend_size=Size.MEDIUM),
            Field.checkbox("outstanding"),
            Field.textarea("impact_summary", rows=5),
            submit="Save grade",
        )

    def clean(self):
        data = super().clean()
        if data.get("grade") is not None:
            for field, message in grade_errors(data["grade"], data.get("outstanding")).items():
                self.add_error(field, message)
        return data


class ActionForm(forms.Form):
    what = AnswerField(
        label="What needs to happen?",
        rows=3,
        error_messages={"required": "Enter what needs to happen"},
    )
    practice_area = forms.TypedChoiceField(
        label="Practice area (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Not about one practice area")]
        + [(a.number, f"{a.number}. {a.short_title}") for a in PRACTICE_AREAS],
    )
    owner = PersonChoiceField(
        label="Who: a person in the system",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose a person, or name someone below",
    )
    owner_name = forms.CharField(
        label="Or name someone who is not in the system", required=False, max_length=200,
        help_text="For example a health visitor or the child's school.",
    )  # fmt: skip
    due_date = DateField(
        label="When: due by",
        what="the due date",
        help_text="For example, 3 12 2026.",
        required_message="Enter when the action is due",
    )
    immediate = forms.BooleanField(
        label="Immediate: needed to reach Good, by the due date below", required=False
    )
    practice_observation = forms.BooleanField(
        label="This action is a practice observation", required=False
    )

    def __init__(self, *args, audit, immediate_due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit
        self.fields["owner"].queryset = staff_with_roles()
        self.fields["owner"].search_in("staff")
        allocated = timezone.localdate(audit.allocated_at)
        due = self.fields["due_date"]
        due.earliest = lambda: allocated
        due.earliest_message = (
            f"The due date must be on or after {allocated:%-d %B %Y}, when the audit was allocated"
        )
        due.latest = lambda: timezone.localdate() + timedelta(days=2 * 366)
        due.latest_message = "The due date must be within the next 2 years"
        if audit.is_inadequate:
            # The framework's 24-hour rule: the date is not the auditor's to choose, so say it.
            when = f"{immediate_due:%A %-d %B %Y}"
            if audit.outcome_sent_at is None:
                when += " if you send the outcome today"
            self.fields["immediate"].label = (
                "Immediate: needed to reach Good. On an Inadequate audit it is due within 24 hours"
                f" of the outcome: by {when}"
            )
            self.fields["due_date"].required = False
            self.fields["due_date"].label = "When: due by (not needed for an immediate action)"
        self.helper = form_helper(
            Field.textarea("what", rows=3),
            Field.select("practice_area"),
            Field.select("owner"),
            Field.text("owner_name", field_width=Fluid.TWO_THIRDS),
            # Immediate first: on an Inadequate audit it decides whether a date is asked for.
            Field.checkbox("immediate"),
            Field("due_date"),
            Field.checkbox("practice_observation"),
            submit="Save action",
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("owner")) == bool((data.get("owner_name") or "").strip()):
            self.add_error(
                "owner",
                "Choose a person in the system, or name someone who is not in it: one, not both",
            )
        immediate_on_inadequate = self.audit.is_inadequate and data.get("immediate")
        if (
            not data.get("due_date")
            and not immediate_on_inadequate
            and "due_date" not in self.errors
        ):
            self.add_error(
                "due_date",
                "Enter when the action is due, or tick ‘Immediate’"
                if self.audit.is_inadequate
                else "Enter when the action is due",
            )
        return data


class FollowUpForm(forms.Form):
    """Step 7: with the manager, what has been done about each action, then overall."""

    action_taken = AnswerField(
        label="What action has been taken since the audit?",
        rows=4,
        error_messages={"required": "Enter what action has been taken"},
    )
    case_note = AnswerField(
        label="Case note",
        rows=4,
        help_text="Your case note of the follow-up with the manager, as recorded on the child's file.",
        error_messages={"required": "Enter the case note"},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        for action in self.actions:
            self.fields[f"progress_{action.pk}"] = forms.ChoiceField(
                label=f"{action.what} ({action.owner_display}, due {action.due_date:%-d %b %Y})",
                choices=FollowUpProgress.choices,
                widget=forms.RadioSelect,
                error_messages={"required": "Select what has been done about this action"},
            )
            self.fields[f"note_{action.pk}"] = AnswerField(
                label="Note (optional)", required=False, rows=2
            )
        self.order_fields(
            [
                *(f for f in self.fields if f[:5] in ("progr", "note_")),
                "action_taken",
                "case_note",
            ]
        )

    def progress(self) -> dict[int, tuple[str, str]]:
        return {
            a.pk: (self.cleaned_data[f"progress_{a.pk}"], self.cleaned_data[f"note_{a.pk}"])
            for a in self.actions
        }


class OversightNoteForm(forms.Form):
    """The team manager's management oversight note, after the supervision review."""

    discussion = AnswerField(
        label="What was discussed in supervision?",
        rows=5,
        help_text="You and the practitioner reviewed the audit's findings and actions.",
        error_messages={"required": "Enter what was discussed in supervision"},
    )
    case_direction = AnswerField(
        label="Case direction and tasks",
        required=False,
        rows=5,
    )
    timeframe = AnswerField(
        label="Timeframe for action",
        rows=3,
        help_text="When each issue identified will be acted on; actions are reviewed at the next "
        "supervision, or sooner if they are urgent.",
        error_messages={"required": "Enter the timeframe for action"},
    )

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        if audit.is_inadequate:
            field = self.fields["case_direction"]
            field.required = True
            field.help_text = "The audit is Inadequate: record the case direction and the tasks."
            field.error_messages["required"] = (
                "Enter the case direction and tasks (the audit is Inadequate)"
            )
        else:
            self.fields["case_direction"].label = "Case direction and tasks (optional)"
        self.helper = form_helper(
            Field.textarea("discussion", rows=5),
            Field.textarea("case_direction", rows=5),
            Field.textarea("timeframe", rows=3),
            submit="Record the oversight note",
        )


# The managers' reviews after an audit: the service manager's of an Inadequate audit, the team
# manager's close-off. One form, worded for each (REVIEW_WORDS).
REVIEW_WORDS = {
    ReviewKind.SERVICE_MANAGER: {
        "question": "Are you satisfied the actions outlined by the team manager are sufficient to "
        "bring the case up to expected practice standards within a reasonable period?",
        "yes": "Yes, I am satisfied",
        "no": "No, further actions are needed",
        "note": "Your review",
        "note_hint": "What you read and why you are, or are not, satisfied.",
        "action": "What further action is needed?",
        "action_hint": "When you are not satisfied: it goes to the team manager, with the date "
        "below.",
        "submit": "Record your review",
    },
    ReviewKind.CLOSE_OFF: {
        "question": "Are you satisfied the case now meets expected practice standards?",
        "yes": "Yes, the case meets expected practice standards",
        "no": "No, not yet",
        "note": "What shows it, or why not",
        "note_hint": "From your reviews of the audit's actions in supervision.",
        "action": "An action from the supervision review (optional)",
        "action_hint": "What needs to happen next; leave blank if nothing more is needed.",
        "submit": "Record the close-off",
    },
}


class ManagerReviewForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are satisfied"},
    )
    note = AnswerField(rows=4)
    action_what = AnswerField(required=False, rows=3)
    action_owner = forms.ModelChoiceField(
        label="Who will do it",
        queryset=User.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    action_due = DateField(
        label="When: due by",
        what="the due date",
        help_text="For example, 3 12 2026.",
        required=False,
    )

    def __init__(self, *args, audit, kind, actor, **kwargs):
        super().__init__(*args, **kwargs)
        words = self.words = REVIEW_WORDS[kind]
        self.kind = kind
        satisfied = self.fields["satisfied"]
        satisfied.label = words["question"]
        satisfied.choices = [("yes", words["yes"]), ("no", words["no"])]
        note = self.fields["note"]
        note.label, note.help_text = words["note"], words["note_hint"]
        note.error_messages["required"] = f"Enter {words['note'][0].lower()}{words['note'][1:]}"
        what = self.fields["action_what"]
        what.label, what.help_text = words["action"], words["action_hint"]
        due = self.fields["action_due"]
        due.earliest = timezone.localdate
        due.earliest_message = "The due date must be today or in the future"
        due.latest = lambda: timezone.localdate() + timedelta(days=366)
        due.latest_message = "The due date must be within the next year"
        layout = [
            Field.radios("satisfied", legend_size=Size.MEDIUM),
            Field.textarea("note", rows=4),
            Field.textarea("action_what", rows=3),
        ]
        if kind == ReviewKind.CLOSE_OFF:
            # Actions from the supervision review: the practitioners' or the manager's own.
            people = [*audit.self_assessors, actor]
            self.fields["action_owner"].queryset = User.objects.filter(
                pk__in=[person.pk for person in people]
            ).order_by("last_name", "first_name")
            self.fields["action_owner"].initial = people[0].pk
            layout.append(Field.radios("action_owner", legend_size=Size.SMALL))
        else:
            del self.fields["action_owner"]
        self.helper = form_helper(*layout, "action_due", submit=words["submit"])

    def clean(self):
        data = super().clean()
        what, due = data.get("action_what", ""), data.get("action_due")
        further_needed = self.kind == ReviewKind.SERVICE_MANAGER and data.get("satisfied") is False
        if further_needed and not what:
            self.add_error("action_what", "Enter what further action is needed")
        if (what or further_needed) and not due and "action_due" not in self.errors:
            self.add_error("action_due", "Enter when the action is due")
        if due and not what:
            self.add_error("action_what", "Enter what needs to happen, or leave the date blank")
        owner_missing = not data.get("action_owner") and "action_owner" not in self.errors
        if what and self.kind == ReviewKind.CLOSE_OFF and owner_missing:
            self.add_error("action_owner", "Choose who will do it")
        return data
