from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import PlanType, Team


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
        queryset=Team.objects.none(), required=False, empty_label="All teams"
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
