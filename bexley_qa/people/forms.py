from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from bexley_qa.forms import AnswerField, DateField, FilterSelect, PersonChoiceField, form_helper

from . import pickers
from .models import Child, PlanType, RoleCode, Team, User


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask PSQA to restore it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            Button("submit", "Sign in", data_prevent_double_click="true"),
        )


class ChildSearchForm(forms.Form):
    """Search and filters of the children list; every field is optional."""

    q = forms.CharField(label="Case ID or name", required=False, max_length=100, strip=True)
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="All teams",
        widget=FilterSelect(labels=("name",)),
    )
    plan_type = forms.ChoiceField(
        label="Plan type",
        required=False,
        choices=[("", "All plan types"), *PlanType.choices],
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].error_messages["invalid_choice"] = "Select a team from the list"
        self.fields["plan_type"].error_messages["invalid_choice"] = (
            "Select a plan type from the list"
        )
        self.fields["team"].queryset = teams
        # Laid out by hand in people/child_list.html: three filters side by side.


class ChildLookupForm(forms.Form):
    q = forms.CharField(label="Case ID or name", max_length=100, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["required"] = "Enter a case ID or a child's name"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET search: a token would land in the URL and logs
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.TWO_THIRDS), Button("search", "Find child")
        )


class PersonSearchForm(forms.Form):
    q = forms.CharField(label="Name, username or email", required=False, max_length=100)
    team = forms.ModelChoiceField(
        queryset=Team.objects.select_related("service"),
        required=False,
        empty_label="All teams",
        widget=FilterSelect,
    )
    role = forms.ChoiceField(required=False, choices=[("", "All roles"), *RoleCode.choices])


class PersonForm(forms.ModelForm):
    """A member of staff as PSQA keep them: no password, staff or superuser here (technical
    support keep those), and roles as checkboxes."""

    roles = forms.MultipleChoiceField(
        label="Roles",
        help_text="Select every role this person holds.",
        choices=RoleCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title", "team", "is_active"]
        labels = {"is_active": "Account switched on (untick to stop them signing in)"}
        help_texts = {"is_active": ""}
        error_messages = {
            "first_name": {"required": "Enter their first name"},
            "last_name": {"required": "Enter their last name"},
            "email": {
                "required": "Enter their work email address",
                "invalid": "Enter an email address in the correct format, like name@bexley.gov.uk",
                "unique": "Someone already has this email address",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["team"].queryset = Team.objects.select_related("service")
        self.fields["team"].empty_label = "No team"
        if self.instance.pk:
            self.fields["roles"].initial = sorted(self.instance.role_codes)
        self.helper = form_helper(
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.select("team"),
            Field.checkboxes("roles", small=True),
            Field.checkbox("is_active", small=True),
            submit="Save",
        )


class TeamForm(forms.ModelForm):
    """A team's name, service and managers. The managers recorded are ticked (untick one to take
    them off); another is added by name, from the team managers and assistant team managers, in
    a picker that searches (a county has hundreds of them)."""

    add_manager = PersonChoiceField(
        User.objects.none(),
        label="Add a manager (optional)",
        required=False,
        empty_label="Choose a team manager or assistant team manager",
        help_text="Type part of their name, job title, team or service.",
        error_messages={
            "invalid_choice": "Choose a team manager or assistant team manager from the list"
        },
    )

    class Meta:
        model = Team
        fields = ["name", "service", "managers"]
        error_messages = {
            "name": {"required": "Enter the team's name", "unique": "A team has this name"},
            "service": {"required": "Select the team's service"},
        }
        labels = {"managers": "Managers"}
        help_texts = {
            "managers": "Team managers and assistant team managers: they see the team's children "
            "and audits while recorded here. Untick one to take them off the team.",
        }
        widgets = {"managers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = self.instance.managers.all() if self.instance.pk else User.objects.none()
        self.fields["managers"].queryset = recorded.order_by("last_name", "first_name", "pk")
        self.fields["managers"].required = False
        self.fields["add_manager"].queryset = pickers.team_leads()
        self.fields["add_manager"].search_in("team-leads")
        layout = [Field.text("name", field_width=Fluid.TWO_THIRDS), Field.select("service")]
        if self.instance.pk and recorded.exists():
            layout.append(Field.checkboxes("managers", small=True))
        else:
            del self.fields["managers"]
        self.helper = form_helper(*layout, Field.select("add_manager"), submit="Save")

    def clean(self):
        data = super().clean()
        managers = list(data.get("managers") or [])
        if (added := data.get("add_manager")) and added not in managers:
            managers.append(added)
        data["managers"] = managers
        return data


class KeepRecordsForm(forms.Form):
    reason = AnswerField(
        label="Why are the records kept?",
        max_length=500,
        rows=3,
        help_text="For example, a legal hold, a complaint or an inquiry that needs them.",
        error_messages={"required": "Enter why the records are kept"},
    )
    keep_until = DateField(
        what="the date to keep them until",
        label="Keep them until",
        help_text="They are reviewed again on this date. For example, 27 11 2027.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("reason"), Field("keep_until"), submit="Keep the records")


class KeepWithdrawnRecordForm(forms.Form):
    reason = AnswerField(
        label="Why is the record kept?",
        max_length=500,
        rows=3,
        help_text="For example, the child has audits the service must keep, or the case system "
        "withdrew the wrong record.",
        error_messages={"required": "Enter why the record is kept"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("reason"), submit="Keep the record")


class ChildForm(forms.ModelForm):
    """A child's case record as PSQA correct it (the case management system's exports keep it
    otherwise); every change is in the change history."""

    date_of_birth = DateField(what="the date of birth", label="Date of birth")
    referral_date = DateField(what="the referral date", label="Date the referral was received")

    class Meta:
        model = Child
        fields = [
            "case_id", "first_name", "last_name", "date_of_birth", "gender", "ethnicity",
            "first_language", "team", "allocated_worker", "staying_together_worker", "plan_type",
            "referral_date", "is_open",
        ]  # fmt: skip
        labels = {"is_open": "The case is open"}
        field_classes = {
            "allocated_worker": PersonChoiceField,
            "staying_together_worker": PersonChoiceField,
        }
        error_messages = {
            "case_id": {
                "required": "Enter the case ID",
                "unique": "Another child has this case ID",
            },
            "first_name": {"required": "Enter the child's first name"},
            "last_name": {"required": "Enter the child's last name"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocated_worker"].queryset = pickers.practitioners()
        self.fields["allocated_worker"].search_in("practitioners")
        self.fields["staying_together_worker"].queryset = pickers.staying_together_workers()
        self.fields["staying_together_worker"].search_in("staying-together-workers")
        self.fields["staying_together_worker"].empty_label = "None"
        self.fields["team"].queryset = Team.objects.select_related("service")
        self.helper = form_helper(
            Field.text("case_id", field_width=Fluid.ONE_THIRD),
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field("date_of_birth"),
            Field.select("gender"),
            Field.select("ethnicity"),
            Field.text("first_language", field_width=Fluid.ONE_HALF),
            Field.select("team"),
            Field.select("allocated_worker"),
            Field.select("staying_together_worker"),
            Field.select("plan_type"),
            Field("referral_date"),
            Field.checkbox("is_open", small=True),
            submit="Save",
        )

    def clean(self):
        data = super().clean()
        born, referred = data.get("date_of_birth"), data.get("referral_date")
        if born and born > timezone.localdate():
            self.add_error("date_of_birth", "The date of birth must be today or in the past")
        if referred and born and referred < born.replace(year=born.year - 1):
            self.add_error("referral_date", "The referral date must be after the date of birth")
        return data
