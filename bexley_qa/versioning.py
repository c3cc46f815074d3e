"""Saving a row that two people (or one person's autosave and submit button) may change at once.

Every row a long form edits carries a `version`. A save names the version it was based on; if the
row has moved on since, the save raises StaleVersion and changes nothing. `versioned_post` is the
one place a view answers such a save: htmx autosave or plain form post, invalid (400), stale (409,
showing both values) or saved. Views call it; none writes these branches out again.
"""

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .forms import VersionedForm, apply_errors

SAVE_STATUS = "includes/save_status.html"


class StaleVersion(Exception):
    """The row changed since the form was loaded; `current` is what is saved now."""

    def __init__(self, current: Model):
        super().__init__("Someone else saved this since you opened it.")
        self.current = current


def check_version(row: Model, version: int | None, data: dict | None = None) -> None:
    """Refuse a save based on an out-of-date version, unless it changes nothing that is saved.

    The exception matters in practice: autosave and the page's own submit button can both send the
    same answers with the same version; the second is not a conflict, only a repeat.
    """
    if version is None or row.version == version:
        return
    if data is not None and all(getattr(row, field) == value for field, value in data.items()):
        return
    raise StaleVersion(row)


def save_versioned_row(model, *, lookup: dict, data: dict, version: int | None, actor):
    """Create or change the one row of `model` that `lookup` names (one practice area's score,
    say), as a versioned save: locked, checked against the version the form was based on (a row
    not yet created is version 0), changed, validated and saved with its version bumped. Call
    inside the transaction that checked the actor's right."""
    row = model.objects.select_for_update().filter(**lookup).first()
    if row is None:
        if version not in (None, 0):
            raise StaleVersion(model(**lookup, version=0))
        row = model(**lookup, updated_by=actor, version=0)
    else:
        check_version(row, version, data)
    for field, value in data.items():
        setattr(row, field, value)
    row.updated_by = actor
    row.version += 1
    row.full_clean()
    row.save()
    return row


def versioned_post(
    request: HttpRequest,
    form: VersionedForm,
    *,
    save: Callable[[dict, int | None], Model],
    template: str,
    context: dict,
    saved: Callable[[Model], HttpResponse],
) -> HttpResponse:
    """Answer the POST of a versioned form, by htmx (autosave) or as a plain form post.

    `save(data, version)` calls the service, which raises StaleVersion or ValidationError and then
    has changed nothing. `saved(row)` answers a plain post once saved (usually a redirect); it may
    raise ValidationError for a next step that refuses (submitting an incomplete draft), and the
    page then shows why with the saved version, so the next save is not mistaken for a conflict.
    """
    if form.is_valid():
        try:
            row = save(form.data_to_save(), form.cleaned_data["version"])
        except StaleVersion as stale:
            return _conflict(request, template, form, stale.current, context)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.htmx:
                return render(
                    request,
                    f"{SAVE_STATUS}#saved",
                    {"version": row.version, "saved_at": timezone.localtime()},
                )
            try:
                return saved(row)
            except ValidationError as error:
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = row.version
                apply_errors(form, error)
                context = {**context, "row": row}
    if request.htmx:
        return render(request, f"{SAVE_STATUS}#invalid", {"form": form}, status=400)
    return render(request, template, {**context, "form": form}, status=400)


def _conflict(request, template: str, form: VersionedForm, current: Model, context: dict):
    """409: someone saved first. Show both values; overwrite nothing."""
    differences = [
        (field.label, _display(getattr(current, name, None)), _display(form.cleaned_data.get(name)))
        for name, field in form.fields.items()
        if name != "version" and getattr(current, name, None) != form.cleaned_data.get(name)
    ]
    context = {**context, "form": form, "current": current, "differences": differences}
    if request.htmx:
        return render(request, f"{SAVE_STATUS}#conflict", context, status=409)
    return render(
        request,
        template,
        {**context, "form": form.reloaded(current), "conflict": True, "row": current},
        status=409,
    )


def _display(value) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    return str(value)


def versioned_page(
    request: HttpRequest,
    form: VersionedForm,
    *,
    save: Callable[[dict, int | None], Model],
    template: str,
    context: dict,
    saved: Callable[[Model], HttpResponse],
) -> HttpResponse:
    """A page of one versioned form: shown on GET; a POST answered by `versioned_post`."""
    if request.method != "POST":
        return render(request, template, context)
    return versioned_post(request, form, save=save, template=template, context=context, saved=saved)


def saved_then(request: HttpRequest, message: str, then=None) -> Callable[[Model], HttpResponse]:
    """`saved` for a plain post: say `message`, then go to `then` (the saved row by default)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    def saved(row: Model) -> HttpResponse:
        messages.success(request, message)
        return redirect(then if then is not None else row)

    return saved
