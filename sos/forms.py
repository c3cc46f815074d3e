from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from bexley_qa.forms import PLAN_TYPES, DateField, FilterSelect, check_team_in_service, form_helper
from bexley_qa.people.models import PlanType, Service, Team

from .models import Measure


class DashboardFilterForm(forms.Form):
    """Plan type on every page; on the overview, a service or team to go to (in scope only)."""

    plan_type = forms.ChoiceField(
        label="Plan type", required=False, choices=[("", "All plan types"), *PLAN_TYPES]
    )
    service = forms.ModelChoiceField(
        Service.objects.none(),
        required=False,
        empty_label="All services",
        widget=FilterSelect(labels=("name",)),
    )
    team = forms.ModelChoiceField(
        Team.objects.none(),
        required=False,
        empty_label="All teams",
        widget=FilterSelect(labels=("name",)),
    )

    def __init__(self, *args, services=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if services is None:
            del self.fields["service"]
        else:
            self.fields["service"].queryset = services
        if teams is None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = teams
        self.fields["plan_type"].error_messages["invalid_choice"] = (
            "Select a plan type from the list"
        )
        for name in ("service", "team"):
            if name in self.fields:
                self.fields[name].error_messages["invalid_choice"] = (
                    "Select an option from the list"
                )

    def clean(self):
        data = super().clean()
        check_team_in_service(self, data)
        return data

    @property
    def plan_type_label(self) -> str:
        return dict(PlanType.choices).get(self.chosen_plan_type, "")

    @property
    def chosen_plan_type(self) -> str:
        return self.cleaned_data.get("plan_type", "") if self.is_valid() else ""


class MeasureForm(forms.Form):
    measure = forms.ChoiceField(
        label="Which measure was completed?",
        choices=Measure.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the measure that was completed"},
    )
    completed_on = DateField(
        label="Date completed",
        help_text="For example, 3 11 2026.",
        what="the date completed",
        latest=timezone.localdate,
        latest_message="The date completed must be today or in the past",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("measure", legend_size=Size.SMALL),
            "completed_on",
            submit="Record the measure",
        )
