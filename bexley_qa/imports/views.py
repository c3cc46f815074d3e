"""The one import page, whatever is imported: upload a file, see every row checked, confirm the
file previewed (its fingerprint), see the run. Each import brings its own words and preview table
(`Import.intro`, `Import.preview`); who may run it is its `may` rule; anyone else: 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bexley_qa.forms import posted
from bexley_qa.importing import (
    MAX_BYTES,
    TO_REALLOCATE,
    Import,
    ImportFileError,
    ImportRefused,
    import_of,
)
from bexley_qa.pagination import paginate
from bexley_qa.people.access import can_open_case_files

from . import access, services
from .forms import ImportFileForm
from .models import ImportRun

SESSION_KEY = "import-{kind}"
RUNS_PER_PAGE = 25


def _declared(request: HttpRequest, kind: str) -> Import:
    """The import named in the address (404 if there is none), if the user may run it (403)."""
    declared = import_of(kind)
    if declared is None:
        raise Http404("No such import")
    declared.may.require(request.user)
    return declared


def _page(request, declared: Import, form, checked=None, *, sha256="", changed=False, status=200):
    return render(
        request,
        "imports/upload.html",
        {
            "declared": declared,
            "form": form,
            "checked": checked,
            "sha256": sha256,
            "changed": changed,
            "back_url": reverse(declared.back[0]),
            "back_text": declared.back[1],
            **declared.context(request.user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a file; every row is checked and shown before anything is saved."""
    declared = _declared(request, kind)
    form = ImportFileForm(
        posted(request), request.FILES if request.method == "POST" else None, declared=declared
    )
    key = SESSION_KEY.format(kind=kind)
    if request.method == "POST":
        request.session.pop(key, None)  # a new upload replaces what was checked before
    if not (request.method == "POST" and form.is_valid()):
        return _page(request, declared, form)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > MAX_BYTES:
            raise ImportFileError("The file must be smaller than 5 MB")
        content = upload.read()
        rows = declared.read(upload.name, content)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _page(request, declared, form)
    checked = declared.check_rows(rows)
    sha256 = ""
    if checked.ok:
        sha256 = services.digest(content)
        request.session[key] = {
            "name": upload.name,
            "sha256": sha256,
            "rows": [{"number": r.number, "cells": r.cells} for r in rows],
        }
    return _page(request, declared, form, checked, sha256=sha256)


@require_POST
def confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Import the previewed rows, all in one transaction, after checking them again. Only the file
    previewed last, on this page, is imported: a preview in another tab since, or one that has
    expired, is refused and nothing changes."""
    declared = _declared(request, kind)
    key = SESSION_KEY.format(kind=kind)
    stored = request.session.get(key)
    if not stored or stored["sha256"] != request.POST.get("sha256"):
        messages.error(
            request,
            "Upload the file again: the rows you checked are no longer the last file checked.",
        )
        return redirect("imports:upload", kind=kind)
    try:
        run = services.import_rows(
            declared, actor=request.user, rows=declared.rows_from(stored["rows"]),
            name=stored["name"], sha256=stored["sha256"], via=ImportRun.Via.UPLOAD,
        )  # fmt: skip
    except ImportRefused as refused:
        # Something changed since the preview (say, someone allocated one of the cases).
        form = ImportFileForm(declared=declared)
        return _page(request, declared, form, refused.checked, changed=True)
    finally:
        request.session.pop(key, None)
    message = declared.done_message(run) if declared.done_message else None
    summary = run.summary_text(case_files=can_open_case_files(request.user))
    messages.success(request, message or f"{run.file_name} is imported: {summary}.")
    return redirect(declared.done or run.get_absolute_url())


@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    """A file with the import's columns to fill in: the import's own, or a CSV header row."""
    declared = _declared(request, kind)
    if declared.template_file:
        content, content_type, name = declared.template_file()
    else:
        content, content_type, name = (
            ",".join(declared.columns) + "\r\n",
            "text/csv",
            f"{kind}-template.csv",
        )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _runs(request: HttpRequest):
    kinds = access.kinds_for(request.user)
    if not kinds:
        raise PermissionDenied("Your roles do not include any import.")
    return ImportRun.objects.filter(kind__in=kinds).select_related("run_by")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The imports the user may run, and every run of them, newest first."""
    listed = paginate(request, _runs(request), per_page=RUNS_PER_PAGE)
    case_files = can_open_case_files(request.user)
    for shown in listed["page"]:
        shown.shown_summary = shown.summary_text(case_files=case_files)
    return render(
        request, "imports/index.html", {"imports": access.imports_for(request.user), **listed}
    )


@require_GET
def run(request: HttpRequest, pk: int) -> HttpResponse:
    shown = get_object_or_404(_runs(request), pk=pk)
    case_files = can_open_case_files(request.user)
    declared = import_of(shown.kind)
    hidden = {} if case_files or not declared else declared.outcomes_without_case_files
    # What the payload client sent: each payload's stored name, its child and what it changed.
    submissions = list(shown.submissions.select_related("child"))
    for submission in submissions:
        submission.shown_change = hidden.get(submission.change, submission.change)
    return render(
        request,
        "imports/run.html",
        {
            "run": shown,
            "summary": shown.summary_text(case_files=case_files),
            "change_lists": shown.change_lists(case_files=case_files),
            # People the import switched off, with their open work (the staff import's).
            "to_reallocate": shown.changes.get(TO_REALLOCATE, []),
            "ids": declared.ids if declared else "case IDs",
            "rows_name": declared.noun[1] if declared else "rows",
            "submissions": submissions,
        },
    )
