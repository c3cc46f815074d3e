"""Step 7: checking and completing the audit, the follow-up with the manager, the team manager's
oversight note and close-off, and the service manager's review of an Inadequate audit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bexley_qa.forms import post_form, posted

from .. import access, contributions, selectors, services
from ..forms import FollowUpForm, ManagerReviewForm, OversightNoteForm
from ..models import ReviewKind
from ..services import reviews


@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers: every unmet completion rule, with a link to fix it; then complete."""
    # The auditor may check what is missing at any point of the audit in progress; completing
    # needs a graded audit (can_complete), and until then the page lists what is missing.
    audit = selectors.audit_for(request, pk)
    if audit.is_done:  # completed already: the audit itself is what there is to see
        return redirect(audit)
    access.can_edit_audit.require(request.user, audit)
    if request.method == "POST" and access.can_complete(request.user, audit):
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
    return render(
        request,
        "audits/complete.html",
        {
            "audit": audit,
            "problems": selectors.completion_problems(audit),
            "actions": audit.actions.select_related("owner"),
            "area_rows": selectors.area_rows(audit),
            "self_assessments": selectors.self_assessment_rows(audit),
            "sections": [
                (section, section.pdf_record(audit))
                for section in contributions.sections()
                if section.page_template
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 7: with the manager, what has been done, action by action, and the case note."""
    audit = selectors.audit_for(request, pk)
    record = getattr(audit, "follow_up", None)
    if record is None:
        raise Http404("This audit has no follow-up yet")
    if request.method == "POST":
        access.can_record_follow_up.require(request.user, audit)
    actions = list(audit.actions.select_related("owner"))
    form = FollowUpForm(posted(request), actions=actions)
    recorded = post_form(
        request,
        form,
        lambda: services.follow_up_record(
            actor=request.user,
            audit=audit,
            progress=form.progress(),
            action_taken=form.cleaned_data["action_taken"],
            case_note=form.cleaned_data["case_note"],
        ),
        success="The follow-up is recorded.",
        then=audit,
    )
    return recorded or render(
        request,
        "audits/follow_up.html",
        {
            "audit": audit,
            "record": record,
            "form": form,
            "editable": access.can_record_follow_up(request.user, audit),
            "actions": actions,
        },
    )


@require_http_methods(["GET", "POST"])
def oversight_note(request: HttpRequest, pk: int) -> HttpResponse:
    """The team manager's management oversight note, after reviewing the audit in supervision.
    Anyone who may read the audit reads the note; only the audited team's manager records it."""
    audit = selectors.audit_for(request, pk)
    if not audit.is_done:
        raise Http404("The audit is not completed yet")
    if request.method == "POST":
        access.can_record_oversight_note.require(request.user, audit)
    form = None
    if access.can_record_oversight_note(request.user, audit):
        form = OversightNoteForm(posted(request), audit=audit)
        recorded = post_form(
            request,
            form,
            lambda: services.oversight_note_record(
                actor=request.user, audit=audit, **form.cleaned_data
            ),
            success="The management oversight note is recorded.",
            then=audit,
        )
        if recorded:
            return recorded
    return render(
        request,
        "audits/oversight_note.html",
        {"audit": audit, "form": form, "note": getattr(audit, "oversight_note", None)},
    )


REVIEW_TEMPLATES = {
    ReviewKind.SERVICE_MANAGER: "audits/service_manager_review.html",
    ReviewKind.CLOSE_OFF: "audits/close_off.html",
}
REVIEW_SUCCESS = {
    ReviewKind.SERVICE_MANAGER: "Your review is recorded.",
    ReviewKind.CLOSE_OFF: "Your close-off is recorded.",
}


@require_http_methods(["GET", "POST"])
def manager_review(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A manager's review of the audit: the service manager's of an Inadequate audit (once its
    outcome is sent) or the team manager's close-off (once it is completed). Anyone who may read
    the audit reads the reviews; only the manager the rule names records one."""
    audit = selectors.audit_for(request, pk)
    may = reviews.WHO_MAY[kind]
    if kind == ReviewKind.SERVICE_MANAGER and audit.outcome_sent_at is None:
        raise Http404("No Inadequate outcome has been sent for this audit")
    if kind == ReviewKind.CLOSE_OFF and not audit.is_done:
        raise Http404("The audit is not completed yet")
    if request.method == "POST":
        may.require(request.user, audit)
    form = None
    if may(request.user, audit):
        form = ManagerReviewForm(posted(request), audit=audit, kind=kind, actor=request.user)
        recorded = post_form(
            request,
            form,
            lambda: services.manager_review_record(
                actor=request.user, audit=audit, kind=kind, **form.cleaned_data
            ),
            success=REVIEW_SUCCESS[kind],
            then=audit,
        )
        if recorded:
            return recorded
    return render(
        request,
        REVIEW_TEMPLATES[kind],
        {
            "audit": audit,
            "form": form,
            "reviews": [r for r in audit.manager_reviews.all() if r.kind == kind],
            "latest": audit.latest_review(kind),
        },
    )
