from datetime import date

from django import forms

from audits.models import AuditKind, Theme
from bexley_qa import workdays
from bexley_qa.forms import PLAN_TYPES, FilterSelect, check_team_in_service, month_field
from bexley_qa.people.models import Service, Team
from bexley_qa.workdays import add_months, this_month

MONTHS_DEFAULT = 12
MONTHS_MOST = 120  # ten years


class AnalyticsFilterForm(forms.Form):
    """The period (whole months) and which audits: service, team, plan type, kind, theme."""

    start = month_field("From")
    end = month_field("To")
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
    plan_type = forms.ChoiceField(
        label="Plan type", required=False, choices=[("", "All plan types"), *PLAN_TYPES]
    )
    kind = forms.ChoiceField(
        label="Audit type", required=False, choices=[("", "All types"), *AuditKind.choices]
    )
    theme = forms.ChoiceField(required=False, choices=[("", "Any theme"), *Theme.choices])

    def __init__(self, *args, services, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["team"].queryset = teams.select_related("service")
        for name in ("service", "team", "plan_type", "kind", "theme"):
            self.fields[name].error_messages["invalid_choice"] = "Select an option from the list"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error(
                "end", "The end of the period must be the same month as its start or later"
            )
        elif start and end and workdays.month_count(start, end) > MONTHS_MOST:
            self.add_error("start", "Choose a period of ten years or less")
        check_team_in_service(self, data)
        return data

    @property
    def choices(self) -> dict:
        """The valid filters (a wrong one is shown as an error and left out)."""
        data = getattr(self, "cleaned_data", {})
        errors = self.errors if self.is_bound else {}
        return {k: v for k, v in data.items() if k not in errors and v}

    @property
    def period_refused(self) -> bool:
        return self.is_bound and bool({"start", "end"} & set(self.errors))

    def period(self) -> tuple[date, date]:
        """The first days of the first and last months: by default the twelve up to this one."""
        chosen = self.choices
        if self.period_refused:  # the period shown is the one counted: the default, until fixed
            return add_months(this_month(), -(MONTHS_DEFAULT - 1)), this_month()
        end = chosen.get("end") or this_month()
        if "end" in chosen and "start" not in chosen:
            return add_months(end, -(MONTHS_DEFAULT - 1)), end
        start = chosen.get("start") or add_months(end, -(MONTHS_DEFAULT - 1))
        if start > end:  # an end before the default start: the twelve months up to the end
            start = add_months(end, -(MONTHS_DEFAULT - 1))
        return start, end
