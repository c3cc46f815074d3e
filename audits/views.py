import csv
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bexley_qa.pagination import paginate
from bexley_qa.people import access
from bexley_qa.people.models import Service, Team, User

from . import importing, selectors, services
from .forms import (
    ActionForm,
    AllocationFilterForm,
    AllocationForm,
    AreaScoreForm,
    FollowUpForm,
    GradeForm,
    ImportForm,
    MeetingForm,
    ReasonForm,
    Section1Form,
    SelfAssessmentForm,
)
from .models import Action, Audit
from .practice_areas import AREA_COUNT, AREAS_BY_NUMBER
from .services import RecentAuditWarning, StaleVersion

ALLOCATIONS_PER_PAGE = 25
IMPORT_SESSION_KEY = "allocation-import"


def apply_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form fields it names (or to the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _require_allocator(request: HttpRequest) -> None:
    if not access.can_allocate(request.user):
        raise PermissionDenied("Only business support and PSQA allocate audits.")


def audit_for(request: HttpRequest, pk: int) -> Audit:
    """The audit with everything its pages show, or 404 when out of the user's scope."""
    audit = selectors.audit_detail(user=request.user, pk=pk).first()
    if audit is None:
        raise Http404("No audit in your scope")
    return audit


# Allocation ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, case_id: str) -> HttpResponse:
    """Allocate one child's case to an auditor from another team."""
    _require_allocator(request)
    child = get_object_or_404(
        access.children_for_allocation_lookup(request.user).select_related(
            "team__service", "allocated_worker", "staying_together_worker"
        ),
        case_id=case_id,
    )
    form = AllocationForm(request.POST or None, auditors=access.eligible_auditors_for(child))
    existing = services.open_audit_of(child)
    warning = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = services.audit_allocate(
                actor=request.user,
                child=child,
                auditor=data["auditor"],
                kind=data["kind"],
                theme=data["theme"],
                meeting_date=data["meeting_date"],
                confirm_recent=data["confirm_recent"],
            )
        except RecentAuditWarning as recent:
            warning = recent
            form.data = form.data.copy()
            form.data["confirm_recent"] = "True"
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Case {child.case_id} is allocated to {audit.auditor}. We have emailed the auditor, "
                f"{audit.practitioner} and their manager.",
            )
            return redirect("audits:allocations")
    return render(
        request,
        "audits/allocate.html",
        {"child": child, "form": form, "existing": existing, "warning": warning},
    )


@require_GET
def allocation_list(request: HttpRequest) -> HttpResponse:
    """Who audits whose case: every allocation in the user's scope, filterable, with CSV export."""
    user = request.user
    scope = access.allocations_visible_to(user)
    form = AllocationFilterForm(
        request.GET or None,
        auditors=User.objects.filter(pk__in=scope.values("auditor_id")),
        teams=Team.objects.filter(pk__in=scope.values("team_id")),
        services=Service.objects.filter(teams__in=scope.values("team_id")).distinct(),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    audits = selectors.allocation_list(user=user, filters=filters)
    if request.GET.get("format") == "csv":
        return _allocations_csv(audits)
    query = request.GET.copy()
    query["format"] = "csv"
    pages = paginate(request, audits, per_page=ALLOCATIONS_PER_PAGE)
    on_page = [audit.pk for audit in pages["page"]]
    # Business support see the row, not the audit's content: link only what the user may open.
    readable = set(
        access.audits_visible_to(user).filter(pk__in=on_page).values_list("pk", flat=True)
    )
    return render(
        request,
        "audits/allocation_list.html",
        {
            "form": form,
            "filtered": any(filters.values()),
            "csv_query": query.urlencode(),
            "can_allocate": access.can_allocate(user),
            "readable": readable,
            **pages,
        },
    )


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _allocations_csv(audits) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="allocations-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["Case ID", "Child", "Team", "Service", "Practitioner", "Manager", "Staying Together worker",
         "Auditor", "Audit type", "Theme", "Status", "Meeting date", "Allocated on"]
    )  # fmt: skip
    for audit in audits.iterator(chunk_size=500):
        writer.writerow(
            _cell(value)
            for value in [
                audit.child.case_id,
                audit.child.full_name,
                audit.team.name,
                audit.team.service.name,
                audit.practitioner,
                audit.manager or "",
                audit.staying_together_worker or "",
                audit.auditor,
                audit.get_kind_display(),
                audit.theme,
                audit.get_status_display(),
                audit.meeting_date.isoformat() if audit.meeting_date else "",
                timezone.localtime(audit.allocated_at).date().isoformat(),
            ]
        )
    return response


@require_http_methods(["GET", "POST"])
def import_allocations(request: HttpRequest) -> HttpResponse:
    """Upload the allocation spreadsheet; every row is checked and shown before anything is saved."""
    _require_allocator(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > importing.MAX_BYTES:
                raise importing.ImportFileError("The file must be smaller than 5 MB")
            rows = importing.read(upload.name, upload.read())
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            checked = importing.check(rows)
            if checked.ok:
                request.session[IMPORT_SESSION_KEY] = [
                    {"number": r.number, "cells": r.cells} for r in rows
                ]
            else:
                request.session.pop(IMPORT_SESSION_KEY, None)
    return render(request, "audits/import.html", {"form": form, "checked": checked})


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the checked rows, all in one transaction, after checking them again."""
    _require_allocator(request)
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored:
        messages.error(request, "Upload the spreadsheet again: the checked rows have expired.")
        return redirect("audits:import")
    rows = [importing.Row(number=r["number"], cells=r["cells"]) for r in stored]
    try:
        audits = importing.import_rows(actor=request.user, rows=rows)
    except (importing.ImportFileError, ValidationError, RecentAuditWarning):
        # Something changed since the preview (say, someone allocated one of the cases).
        checked = importing.check(rows)
        return render(
            request,
            "audits/import.html",
            {"form": ImportForm(), "checked": checked, "changed": True},
        )
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        f"{len(audits)} audit{'s' if len(audits) != 1 else ''} allocated. "
        "We have emailed each auditor, practitioner and manager.",
    )
    return redirect("audits:allocations")


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _require_allocator(request)
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="allocation-template.xlsx"'
    return response


# The audit ----------------------------------------------------------------------------------------


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit's task list, self-assessments and history."""
    audit = audit_for(request, pk)
    user = request.user
    rows = selectors.area_rows(audit)
    follow_up_record = getattr(audit, "follow_up", None)
    return render(
        request,
        "audits/detail.html",
        {
            "feedback_status": selectors.feedback_status(audit),
            "actions_status": "Completed" if audit.action_count else "Not started",
            "follow_up_status": "Completed"
            if follow_up_record and follow_up_record.done_at
            else "Not started",
            "follow_up_due": f"{follow_up_record.due_date:%-d %B %Y}" if follow_up_record else "",
            "audit": audit,
            "health_check": rows[:5],
            "section_4": rows[5:],
            "self_assessments": selectors.self_assessment_rows(audit),
            "area_count": AREA_COUNT,
            "can_edit": access.can_edit_audit(user, audit),
            "can_self_assess": access.can_self_assess(user, audit),
            "can_cancel": access.can_cancel_audit(user, audit),
            "meeting_form": MeetingForm(initial={"meeting_date": audit.meeting_date}),
        },
    )


@require_POST
def book_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    if not access.can_edit_audit(request.user, audit):
        raise PermissionDenied("Only the auditor books the meeting.")
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.audit_book_meeting(
                actor=request.user, audit=audit, meeting_date=form.cleaned_data["meeting_date"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Meeting booked for {form.cleaned_data['meeting_date']:%-d %B %Y}. "
                "We have asked the practitioner to complete their self-assessment before it.",
            )
            return redirect(audit)
    return render(request, "audits/book_meeting.html", {"audit": audit, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(
        access.allocations_visible_to(request.user).select_related("child", "auditor"), pk=pk
    )
    if not access.can_cancel_audit(request.user, audit):
        raise PermissionDenied("You cannot cancel this audit.")
    form = ReasonForm(
        request.POST or None,
        label="Why is the audit being cancelled?",
        required_message="Enter why the audit is being cancelled",
        submit="Cancel the audit",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_cancel(
                actor=request.user, audit=audit, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                f"The audit of case {audit.child.case_id} is cancelled. Its record is kept.",
            )
            if access.audits_visible_to(request.user).filter(pk=audit.pk).exists():
                return redirect(audit)
            return redirect("audits:allocations")
    return render(request, "audits/cancel.html", {"audit": audit, "form": form})


# Section 2: self-assessment ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The practitioner's own self-assessment: saves as they type, read-only once submitted."""
    audit = audit_for(request, pk)
    user = request.user
    mine = next((s for s in audit.self_assessments.all() if s.author_id == user.pk), None)
    if user not in audit.self_assessors:
        raise PermissionDenied("Only the practitioner and the Staying Together worker self-assess.")
    if mine and (mine.is_submitted or mine.is_waived) or not access.can_self_assess(user, audit):
        return render(
            request, "audits/self_assessment_done.html", {"audit": audit, "assessment": mine}
        )
    form = SelfAssessmentForm(request.POST or None, initial=_initial(mine, SelfAssessmentForm))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            mine = services.self_assessment_save(
                actor=user, audit=audit, data=data, version=form.cleaned_data["version"]
            )
            if "submit" in request.POST and not request.htmx:
                services.self_assessment_submit(actor=user, audit=audit)
                messages.success(
                    request,
                    "Your self-assessment is submitted. The auditor will see it at the meeting.",
                )
                return redirect(audit)
        except StaleVersion as stale:
            return _conflict(
                request, "audits/self_assessment.html", form, stale.current, {"audit": audit}
            )
        except ValidationError as error:
            apply_errors(form, error)
            status = 400
        else:
            if request.htmx:
                return _saved(request, mine)
            messages.success(request, "Your draft is saved. Submit it when it is complete.")
            return redirect("audits:self-assessment", pk=audit.pk)
    elif request.method == "POST":
        status = 400
    if request.htmx and request.method == "POST":
        return render(
            request, "audits/includes/save_status.html#invalid", {"form": form}, status=status
        )
    return render(
        request,
        "audits/self_assessment.html",
        {"audit": audit, "form": form, "row": mine},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def waive_self_assessment(request: HttpRequest, pk: int, author_pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    if not access.can_edit_audit(request.user, audit):
        raise PermissionDenied("Only the auditor waives a self-assessment.")
    author = next((p for p in audit.self_assessors if p.pk == author_pk), None)
    if author is None:
        raise Http404("Not asked for a self-assessment on this audit")
    form = ReasonForm(
        request.POST or None,
        label=f"Why is {author}'s self-assessment not needed?",
        required_message="Enter why the self-assessment is not needed",
        submit="Waive the self-assessment",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_waive(
                actor=request.user, audit=audit, author=author, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{author}'s self-assessment is waived.")
            return redirect(audit)
    return render(request, "audits/waive.html", {"audit": audit, "author": author, "form": form})


# Sections 1, 3 and 4: the audit form -------------------------------------------------------------


def _initial(row, form_class) -> dict:
    if row is None:
        return {"version": 0}
    return {name: getattr(row, name) for name in form_class.base_fields if hasattr(row, name)}


def _saved(request: HttpRequest, row) -> HttpResponse:
    """The htmx answer to a save: the new version, and a 'saved' message for screen readers too."""
    return render(
        request,
        "audits/includes/save_status.html#saved",
        {"version": row.version, "saved_at": timezone.localtime()},
    )


def _conflict(request, template, form, current, context: dict) -> HttpResponse:
    """409: someone saved first. Show both values; overwrite nothing."""
    theirs = [
        (field.label, _display(getattr(current, name, None)), _display(form.cleaned_data.get(name)))
        for name, field in form.fields.items()
        if name != "version" and getattr(current, name, None) != form.cleaned_data.get(name)
    ]
    context = {**context, "form": form, "current": current, "differences": theirs}
    if request.htmx:
        return render(request, "audits/includes/save_status.html#conflict", context, status=409)
    fresh = type(form)(initial=_initial(current, type(form)), **_form_kwargs(form))
    return render(
        request, template, {**context, "form": fresh, "conflict": True, "row": current}, status=409
    )


def _form_kwargs(form) -> dict:
    return {"practice_area": form.practice_area} if isinstance(form, AreaScoreForm) else {}


def _display(value) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    return str(value)


@require_http_methods(["GET", "POST"])
def section_1(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    editable = access.can_edit_audit(request.user, audit)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the auditor edits the audit.")
    form = Section1Form(request.POST or None, initial=_initial(audit, Section1Form))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.audit_section_1_save(
                    actor=request.user, audit=audit, data=data, version=form.cleaned_data["version"]
                )
            except StaleVersion as stale:
                return _conflict(
                    request,
                    "audits/section_1.html",
                    form,
                    stale.current,
                    {"audit": audit, "editable": True},
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(request, "Section 1 is saved.")
                return redirect(audit)
        else:
            status = 400
    return render(
        request,
        "audits/section_1.html",
        {"audit": audit, "form": form, "editable": editable},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def area(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One practice area: statement, scaling question, the practitioners' own scores, the fields."""
    audit = audit_for(request, pk)
    practice_area = AREAS_BY_NUMBER.get(number)
    if practice_area is None:
        raise Http404("No such practice area")
    editable = access.can_edit_audit(request.user, audit)
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only the auditor edits the audit.")
    row = next((s for s in audit.area_scores.all() if s.area == number), None)
    form = AreaScoreForm(
        request.POST or None, initial=_initial(row, AreaScoreForm), practice_area=practice_area
    )
    context = {
        "audit": audit,
        "area": practice_area,
        "form": form,
        "row": row,
        "editable": editable,
        "self_assessments": [s for s in audit.self_assessments.all() if s.is_submitted],
        "previous": AREAS_BY_NUMBER.get(number - 1),
        "next": AREAS_BY_NUMBER.get(number + 1),
    }
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                row = services.area_score_save(
                    actor=request.user,
                    audit=audit,
                    area=number,
                    data=data,
                    version=form.cleaned_data["version"],
                )
            except StaleVersion as stale:
                return _conflict(request, "audits/area.html", form, stale.current, context)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                if request.htmx:
                    return _saved(request, row)
                if "continue" in request.POST and context["next"]:
                    return redirect("audits:area", pk=audit.pk, number=number + 1)
                messages.success(request, f"Practice area {number} is saved.")
                return redirect(audit)
        else:
            status = 400
        if request.htmx:
            return render(
                request, "audits/includes/save_status.html#invalid", {"form": form}, status=status
            )
    return render(request, "audits/area.html", context, status=status)


@require_http_methods(["GET", "POST"])
def grade(request: HttpRequest, pk: int) -> HttpResponse:
    """Section 6: the overall grade, once all 19 areas are scored."""
    audit = audit_for(request, pk)
    if not access.can_edit_audit(request.user, audit):
        raise PermissionDenied("Only the auditor grades the audit.")
    form = GradeForm(request.POST or None, initial=_initial(audit, GradeForm))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                audit = services.audit_grade(
                    actor=request.user,
                    audit=audit,
                    grade=data["grade"],
                    outstanding=data["outstanding"],
                    impact_summary=data["impact_summary"],
                    version=data["version"],
                )
            except StaleVersion as stale:
                return _conflict(
                    request,
                    "audits/grade.html",
                    form,
                    stale.current,
                    {"audit": audit, "ready": True},
                )
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(request, f"The audit is graded {audit.grade}: {audit.band.label}.")
                return redirect(audit)
        else:
            status = 400
    return render(
        request,
        "audits/grade.html",
        {
            "audit": audit,
            "form": form,
            "ready": audit.scored == AREA_COUNT,
            "area_count": AREA_COUNT,
        },
        status=status,
    )


@require_GET
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole audit as a PDF, in the form's section order, for the child's file."""
    from .pdf import render_audit_pdf

    audit = audit_for(request, pk)
    response = HttpResponse(render_audit_pdf(request, audit), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{audit.child.case_id}-{audit.pk}.pdf"'
    )
    return response


# Section 6: actions -------------------------------------------------------------------------------


def _practice_observation_needed(audit: Audit) -> bool:
    inadequate = audit.grade is not None and audit.grade <= 2
    return (inadequate or audit.kind == "practice_week") and not any(
        a.practice_observation for a in audit.actions.all()
    )


@require_GET
def actions(request: HttpRequest, pk: int) -> HttpResponse:
    """Section 6: the audit's actions, what and who and when."""
    audit = audit_for(request, pk)
    return render(
        request,
        "audits/actions.html",
        {
            "audit": audit,
            "actions": audit.actions.select_related("owner"),
            "can_change": access.can_edit_audit(request.user, audit)
            and audit.status in services.BEFORE_COMPLETION,
            "observation_needed": _practice_observation_needed(audit),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int | None = None) -> HttpResponse:
    """Add an action, or change one, until the audit is completed."""
    audit = audit_for(request, pk)
    if not access.can_edit_audit(request.user, audit):
        raise PermissionDenied("Only the auditor records actions.")
    action = get_object_or_404(audit.actions, pk=action_pk) if action_pk else None
    if action:
        initial = {f: getattr(action, f) for f in ActionForm.base_fields if hasattr(action, f)}
    elif _practice_observation_needed(audit):
        # The framework requires it: propose it, filled in, for the auditor to complete.
        initial = {"what": "Undertake a practice observation with the practitioner", "practice_observation": True,
                   "owner": audit.manager, "immediate": audit.grade is not None and audit.grade <= 2}  # fmt: skip
    else:
        initial = {"immediate": audit.grade is not None and audit.grade < 6}
    form = ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                actor=request.user, audit=audit, action=action, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The action is saved.")
            return redirect("audits:actions", pk=audit.pk)
    return render(
        request, "audits/action_form.html", {"audit": audit, "form": form, "action": action}
    )


@require_POST
def action_remove(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    action = get_object_or_404(audit.actions, pk=action_pk)
    try:
        services.action_remove(actor=request.user, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The action is removed.")
    return redirect("audits:actions", pk=audit.pk)


@require_POST
def action_done(request: HttpRequest, action_pk: int) -> HttpResponse:
    """The owner (or the auditor) marks an action done."""
    action = get_object_or_404(
        Action.objects.filter(
            Q(owner=request.user) | Q(audit__in=access.audits_visible_to(request.user))
        ),
        pk=action_pk,
    )
    services.action_mark_done(actor=request.user, action=action)
    messages.success(request, f"Marked done: {action.what[:80]}")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)


# Completion and follow-up --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers: every unmet completion rule, with a link to fix it; then complete."""
    audit = audit_for(request, pk)
    if not access.can_edit_audit(request.user, audit):
        raise PermissionDenied("Only the auditor completes the audit.")
    if request.method == "POST":
        try:
            audit = services.audit_complete(actor=request.user, audit=audit)
        except ValidationError:
            pass  # the page below lists what is still missing
        else:
            messages.success(
                request,
                f"The audit is completed. Your follow-up with the manager is due on {audit.follow_up.due_date:%-d %B %Y}.",
            )
            return redirect(audit)
    problems = services.completion_problems(audit)
    return render(
        request,
        "audits/complete.html",
        {"audit": audit, "problems": problems, "actions": audit.actions.select_related("owner")},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 7: what has been done, action by action, what action has been taken, oversight note."""
    audit = audit_for(request, pk)
    record = getattr(audit, "follow_up", None)
    if record is None:
        raise Http404("This audit has no follow-up yet")
    editable = request.user.pk == audit.auditor_id and audit.status == "completed"
    actions_list = list(audit.actions.select_related("owner"))
    form = FollowUpForm(request.POST or None, actions=actions_list)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the auditor records the follow-up.")
        if form.is_valid():
            try:
                services.follow_up_record(
                    actor=request.user,
                    audit=audit,
                    progress=form.progress(),
                    action_taken=form.cleaned_data["action_taken"],
                    oversight_note=form.cleaned_data["oversight_note"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "The follow-up is recorded.")
                return redirect(audit)
    return render(
        request,
        "audits/follow_up.html",
        {
            "audit": audit,
            "record": record,
            "form": form,
            "editable": editable,
            "actions": actions_list,
        },
    )
