"""Step 1: allocating audits (one at a time or from a spreadsheet), the list, booking, cancelling."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bexley_qa.exports import csv_response
from bexley_qa.forms import ReasonForm, apply_errors, post_form, posted
from bexley_qa.pagination import paginate
from bexley_qa.people import lines
from bexley_qa.people.access import (
    can_allocate,
    can_look_up_children_for_allocation,
    can_open_case_files,
    children_for_allocation_lookup,
)
from bexley_qa.people.models import Service, Team, User
from bexley_qa.planning import fewer_join_orders

from .. import access, selectors, services
from ..forms import AllocationFilterForm, AllocationForm, MeetingForm
from ..services import RecentAuditWarning

ALLOCATIONS_PER_PAGE = 25


@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, case_id: str) -> HttpResponse:
    """Allocate one child's case to an auditor from another team."""
    can_allocate.require(request.user)
    child = get_object_or_404(
        children_for_allocation_lookup(request.user).select_related(
            "team__service", "allocated_worker", "staying_together_worker"
        ),
        case_id=case_id,
    )
    form = AllocationForm(
        posted(request), auditors=access.eligible_auditors_for(child), child=child
    )
    existing = selectors.open_audit_of(child)
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
                theme_other=data["theme_other"],
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
        status=400 if request.method == "POST" and form.errors else 200,
    )


@require_GET
@fewer_join_orders
def allocation_list(request: HttpRequest) -> HttpResponse:
    """Who audits whose case: every allocation in the user's scope, filterable, with CSV export."""
    user = request.user
    scope = access.allocations_visible_to(user)
    # Every team and service to filter by for those who see every audit (not read off 25,000).
    every = access.sees_every_allocation(user)
    form = AllocationFilterForm(
        request.GET or None,
        auditors=User.objects.filter(pk__in=scope.values("auditor_id")),
        teams=Team.objects.all() if every else Team.objects.filter(pk__in=scope.values("team_id")),
        services=Service.objects.all()
        if every
        else Service.objects.filter(teams__in=scope.values("team_id")).distinct(),
    )
    form.is_valid()  # a filter that is wrong is shown as an error; the others still apply
    filters = getattr(form, "cleaned_data", {})
    audits = selectors.allocation_list(user=user, filters=filters)
    if request.GET.get("format") == "csv":
        return _allocations_csv(audits, names=knows_children(user))
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
            "can_allocate": can_allocate(user),
            # Nothing at all to list (the Director outside Practice Week): no filters to offer.
            "none_in_scope": not pages["page"] and not scope.exists(),
            # Reads the directorate's figures, opens no case file: the Director.
            "reads_figures": lines.holds(user, lines.DIRECTORATE_READERS)
            and not lines.holds(user, lines.CASE_FILE),
            "readable": readable,
            **pages,
        },
    )


def knows_children(user) -> bool:
    """Whether the list may name the children: those who open case files or look children up to
    allocate (not PSQA's business support officer, who selects moderations by case ID)."""
    return can_open_case_files(user) or can_look_up_children_for_allocation(user)


def _allocations_csv(audits, *, names: bool) -> HttpResponse:
    return csv_response(
        "allocations",
        ["Case ID", "Child", "Team", "Service", "Practitioner", "Manager", "Staying Together worker",
         "Auditor", "Audit type", "Theme", "Other theme", "Status", "Final grade", "Band",
         "Auditor's grade", "Moderated", "Meeting date",
         "Allocated on", "Audit reference"],
        (
            [
                audit.child.case_id,
                audit.child.full_name if names else "",
                audit.team.name,
                audit.team.service.name,
                audit.practitioner,
                audit.manager or "",
                audit.staying_together_worker or "",
                audit.auditor,
                audit.get_kind_display(),
                audit.get_theme_display(),
                audit.theme_other,
                audit.get_status_display(),
                "" if audit.final_grade is None else audit.final_grade,
                audit.band.label if audit.band else "",
                "" if audit.grade is None else audit.grade,
                "Yes" if audit.moderated_at else "",
                audit.meeting_date.isoformat() if audit.meeting_date else "",
                timezone.localtime(audit.allocated_at).date().isoformat(),
                audit.reference,
            ]
            for audit in audits.iterator(chunk_size=500)
        ),
    )  # fmt: skip


@require_POST
def book_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_for(request, pk, may=access.can_book_meeting)
    form = MeetingForm(request.POST)
    booked = post_form(
        request,
        form,
        lambda: services.audit_book_meeting(
            actor=request.user, audit=audit, meeting_date=form.cleaned_data["meeting_date"]
        ),
        success=lambda booked: (
            f"Meeting booked for {booked.meeting_date:%-d %B %Y}. "
            "We have asked the practitioner to complete their self-assessment before it."
        ),
        then=audit,
    )
    return booked or render(
        request, "audits/book_meeting.html", {"audit": audit, "form": form}, status=400
    )


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(
        access.allocations_visible_to(request.user).select_related("child", "auditor"), pk=pk
    )
    access.can_cancel_audit.require(request.user, audit)
    form = ReasonForm(
        posted(request),
        label="Why is the audit being cancelled?",
        required_message="Enter why the audit is being cancelled",
        submit="Cancel the audit",
    )

    def afterwards(cancelled):
        # Business support cannot read the audit itself: they go back to the list.
        readable = access.audits_visible_to(request.user).filter(pk=cancelled.pk).exists()
        return cancelled if readable else "audits:allocations"

    cancelled = post_form(
        request,
        form,
        lambda: services.audit_cancel(
            actor=request.user, audit=audit, reason=form.cleaned_data["reason"]
        ),
        success=f"The audit of case {audit.child.case_id} is cancelled. Its record is kept.",
        then=afterwards,
    )
    return cancelled or render(request, "audits/cancel.html", {"audit": audit, "form": form})
