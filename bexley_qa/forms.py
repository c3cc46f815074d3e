"""Form machinery every app shares: the GOV.UK layout helper, the date input, the 0–10 scale,
the version a versioned form carries, a reason box, service errors put onto a form, and the one
way a view answers a form posted to a service (`post_form`).

Apps import these from here; no app imports another app's forms.
"""

from collections.abc import Callable
from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .fields import ANSWER_MAX_LENGTH
from .people.models import PlanType

SCALE_CHOICES = [(n, str(n)) for n in range(11)]
# No date anyone types here is before the case management system, or centuries on.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class AnswerField(forms.CharField):
    """A free-text answer in a textarea, held to the models' limit (fields.ANSWER_MAX_LENGTH).

    The browser is not given `maxlength`: it would cut a pasted answer short without a word.
    Too long an answer is refused with a message saying how long it is, and nothing is saved."""

    widget = forms.Textarea

    def __init__(self, *, rows: int | None = None, max_length: int = ANSWER_MAX_LENGTH, **kwargs):
        if rows:
            kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = (
            f"Answer must be {max_length:,} characters or fewer (this one has %(show_value)s)"
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class DateField(DateInputField):
    """The GOV.UK date input (day, month and year boxes), with the Design System's messages.

    `what` names the date in a message ("the date of the meeting"); `earliest` and `latest`
    are functions giving the range allowed now (dates move on), each with its message.
    """

    def __init__(
        self,
        *,
        what: str,
        earliest: Callable[[], date] | None = None,
        earliest_message: str = "",
        latest: Callable[[], date] | None = None,
        latest_message: str = "",
        required_message: str = "",
        **kwargs,
    ):
        super().__init__(require_all_fields=False, **kwargs)
        for box in self.widget.widgets:
            box.attrs["inputmode"] = "numeric"  # the number keypad on a phone
        capital = what[0].upper() + what[1:]
        self.what, self.capital = what, capital
        self.error_messages["required"] = required_message or f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what}"
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.required = True
            field.error_messages["incomplete"] = f"{capital} must include a {part}"
            field.validators = [RegexValidator(r"^\s*[0-9]+\s*$", f"{capital} must be a real date")]
        self.earliest, self.earliest_message = earliest, earliest_message
        self.latest, self.latest_message = latest, latest_message

    def clean(self, value):
        errors = []
        try:
            day = super().clean(value)
        except ValidationError as error:
            # Several boxes may be wrong; GOV.UK shows the one message that says what to do.
            errors = error.messages
            day = None
        if errors:
            raise ValidationError(errors[0])
        return day

    def compress(self, data_list):
        day, month, year = (str(part).strip() if part is not None else "" for part in data_list)
        if not (day and month and year):
            return None
        if len(year) != 4 or not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(f"{self.capital} must be a real date, with a 4-digit year")
        if len(day) > 2 or len(month) > 2:
            raise ValidationError(f"{self.capital} must be a real date")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"{self.capital} must be a real date") from None
        if self.earliest and value < self.earliest():
            raise ValidationError(self.earliest_message)
        if self.latest and value > self.latest():
            raise ValidationError(self.latest_message)
        return value


def form_helper(*fields, submit: str | None = None) -> FormHelper:
    """A GOV.UK form layout of these fields, with one submit button, rendered inside our <form>."""
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.legend_size = Size.SMALL
    buttons = [Button("submit", submit, data_prevent_double_click="true")] if submit else []
    helper.layout = Layout(*fields, *buttons)
    return helper


class FilterSelect(forms.Select):
    """A select whose options are written in Python rather than one template per option: a
    county's lists of teams or auditors (hundreds of options) took tens of milliseconds to
    render. The same markup as Django's Select for a flat list of choices. With `labels` (field
    names), a model choice field's options are read as those values, joined by a space, instead
    of as model instances (640 teams with their services took 18 ms to build)."""

    def __init__(self, attrs=None, choices=(), labels: tuple[str, ...] = (), or_else: str = ""):
        super().__init__(attrs, choices)
        self.labels, self.or_else = labels, or_else  # or_else: the field shown if they are empty

    def options_of(self):
        queryset = getattr(self.choices, "queryset", None)
        if not (self.labels and queryset is not None):
            yield from self.choices
            return
        if (empty := self.choices.field.empty_label) is not None:
            yield "", empty
        read = ("pk", *self.labels, *([self.or_else] if self.or_else else []))
        for pk, *values in queryset.values_list(*read):
            fallback = values.pop() if self.or_else else ""
            yield pk, " ".join(str(v) for v in values if v) or fallback

    def render(self, name, value, attrs=None, renderer=None):
        from html import escape  # what Django's escape() calls, without its lazy-text wrapper

        from django.forms.utils import flatatt
        from django.utils.html import format_html
        from django.utils.safestring import SafeString

        chosen = {str(v) for v in self.format_value(value)}
        options = "\n".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.options_of()
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label in `options` was escaped above (format_html per option was the
        # slow part).
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attrs, SafeString(options))


# A person's name as str(user) gives it (their full name, or their username), read as values.
PEOPLE_SELECT = FilterSelect(labels=("first_name", "last_name"), or_else="username")

FIRST_MONTH, LAST_MONTH = date(2000, 1, 1), date(2099, 12, 1)
MONTH_RANGE_MESSAGE = "Enter a month from 2000-01 to 2099-12"


def month_range_validators() -> list:
    """A month the service can count from and to (a year 1 or 9999 would overflow a date)."""
    from django.core.validators import MaxValueValidator, MinValueValidator

    return [
        MinValueValidator(FIRST_MONTH, message=MONTH_RANGE_MESSAGE),
        MaxValueValidator(LAST_MONTH, message=MONTH_RANGE_MESSAGE),
    ]


def month_field(label: str, *, required_message: str = "") -> forms.DateField:
    """A month (YYYY-MM, the browser's month picker), optional unless `required_message` says
    what to enter; its value is the month's first day."""
    return forms.DateField(
        label=label,
        required=bool(required_message),
        validators=month_range_validators(),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(
            attrs={"type": "month", "class": "govuk-input app-input--month"}, format="%Y-%m"
        ),
        error_messages={"invalid": "Enter the month as YYYY-MM", "required": required_message},
    )


def scale_field(
    label: str, *, required: bool = False, required_message: str = "Select a score from 0 to 10"
) -> forms.TypedChoiceField:
    """A 0–10 Signs of Safety scale as radios (rendered by templates/includes/scale.html)."""
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={
            "required": required_message,
            "invalid_choice": "Select a score from 0 to 10",
        },
    )


class VersionedForm(forms.Form):
    """A form that carries the version of the row it edits, for optimistic locking."""

    # Required: a save that does not say which version it was based on could overwrite anything.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": "This page is out of date: reload it, then make your change again",
            "invalid": "This page is out of date: reload it, then make your change again",
        },
    )

    @classmethod
    def initial_from(cls, row) -> dict:
        """The form's fields as saved on the row (version 0 when there is no row yet)."""
        if row is None:
            return {"version": 0}
        return {name: getattr(row, name) for name in cls.base_fields if hasattr(row, name)}

    def reloaded(self, row) -> "VersionedForm":
        """An unbound copy of this form showing what is saved on the row now."""
        return type(self)(initial=self.initial_from(row), **self.construction_kwargs())

    def construction_kwargs(self) -> dict:
        """Keyword arguments a subclass needs to be built again (see `reloaded`)."""
        return {}

    def data_to_save(self) -> dict:
        """The cleaned answers without the version (which the save checks, not stores)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ReasonForm(forms.Form):
    """One reason in a text box: why an audit is cancelled, why a self-assessment is waived."""

    reason = AnswerField(rows=4)

    def __init__(self, *args, label: str, required_message: str, submit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
        self.helper = form_helper(Field.textarea("reason", rows=4), submit=submit)


def posted(request: HttpRequest):
    """What to bind a form to: nothing on GET (an unbound form, no errors), the POST data on POST,
    even when it is empty (so that an empty submission is checked and says what is missing)."""
    return request.POST if request.method == "POST" else None


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names (or to the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def post_form(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], object],
    *,
    success: str | Callable[[object], str],
    then: str | object | Callable[[object], object],
) -> HttpResponse | None:
    """Answer a form posted to a service: when the form is valid, `save()` calls the service; if
    it refuses (ValidationError), its errors go onto the form and nothing was saved. Once saved,
    the success message is shown and the user is redirected to `then` (a URL name, a model or a
    function of what `save()` returned). None means: show the page (again) with the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then(result) if callable(then) else then)


# Filters shared by the figures' pages (the dashboard, the audit results) -------------------------

# The plan types the figures are filtered by (the list; Staying Together cases are in
# "all plan types").
PLAN_TYPES = [
    (code, label) for code, label in PlanType.choices if code != PlanType.STAYING_TOGETHER
]


def check_team_in_service(form: forms.Form, data: dict) -> None:
    """A filter's team must be in its service, when both are chosen."""
    service, team = data.get("service"), data.get("team")
    if service and team and team.service_id != service.pk:
        form.add_error(
            "team", f"{team} is not in {service}: choose one of its teams, or no service"
        )


def person_detail(person) -> str:
    """What tells two members of staff apart in a picker: job title, team and service."""
    where = f"{person.team}, {person.team.service}" if person.team_id else ""
    return ", ".join(part for part in (person.job_title, where) if part)


class PersonSelect(forms.Select):
    """A select of staff that the browser turns into GOV.UK's accessible autocomplete (static
    app.js, `data-module="app-person-picker"`): type part of a name, team or service. Each option
    carries the person's name and what tells them apart (job title, team, service) for the
    suggestions; without JavaScript it is a plain select of the same words. Options are written
    in Python, as FilterSelect's are.

    With a pool to search (`search_url`, set by `PersonChoiceField.search_in`) and more than
    `pickers.LIST_LIMIT` people in it, only the person chosen is sent, and the autocomplete asks
    the pool's search endpoint as the user types (bexley_qa/people/pickers.py): a county's staff
    list is thousands long. That picker needs JavaScript."""

    search_url = ""

    def __init__(self, attrs=None):
        super().__init__({"data-module": "app-person-picker", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        from .people.pickers import LIST_LIMIT

        chosen = {str(v) for v in self.format_value(value)}
        choices, extra = self.choices, {}
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            # One query for the list, or for the first LIST_LIMIT + 1 and then the one chosen.
            field = self.choices.field
            people = list(queryset[: LIST_LIMIT + 1] if self.search_url else queryset)
            if len(people) > LIST_LIMIT:
                wanted = [pk for pk in chosen if pk.isdigit()]
                people = list(queryset.filter(pk__in=wanted)) if wanted else []
                extra = {"data-search": self.search_url}
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            choices = empty + [self.choices.choice(person) for person in people]

        def option(key, label):
            person = getattr(key, "instance", None)
            return (
                key,
                mark_safe(" selected") if str(key) in chosen else "",
                str(person) if person else "",
                person_detail(person) if person else "",
                label,
            )

        options = format_html_join(
            "\n",
            '<option value="{}"{} data-name="{}" data-detail="{}">{}</option>',
            (option(key, label) for key, label in choices),
        )
        attrs = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), **extra}))
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attrs, options)


class PersonChoiceField(forms.ModelChoiceField):
    """One member of staff, chosen by name with their job title, team and service beside it
    (two people can share a name), in a picker that searches as you type. `search_in(pool, key)`
    gives it the pool's search endpoint, for lists too long to send (PersonSelect)."""

    widget = PersonSelect

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related("team__service")
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def search_in(self, pool: str, key: object = "") -> "PersonChoiceField":
        from .people.pickers import POOLS, search_url

        assert pool in POOLS, f"no people picker pool {pool!r} is registered"
        self.widget.search_url = search_url(pool, key)
        return self

    def label_from_instance(self, obj) -> str:
        detail = person_detail(obj)
        return f"{obj} ({detail})" if detail else str(obj)
