"""Section 5 pages: what feedback is recorded, and the forms to record it or why it was not."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits.access import can_record_feedback_and_actions
from audits.selectors import audit_for
from bexley_qa.forms import post_form, posted

from . import services
from .forms import ChildFeedbackForm, FamilyFeedbackForm, NetworkFeedbackForm, NotObtainedForm
from .models import ChildFeedback, FeedbackKind
from .selectors import feedback_for
from .statements import OPEN_QUESTIONS, STATEMENT_SCALE


@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    return render(
        request,
        "feedback/summary.html",
        {
            "audit": audit,
            "record": feedback_for(audit),
            "open_questions": OPEN_QUESTIONS,
            "editable": can_record_feedback_and_actions(request.user, audit),
            "scale": STATEMENT_SCALE,
        },
    )


def _summary(audit) -> str:
    return reverse("feedback:summary", args=[audit.pk])


@require_http_methods(["GET", "POST"])
def child(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    existing = ChildFeedback.objects.filter(audit=audit).first()
    initial = {f: getattr(existing, f) for f in services.CHILD_FIELDS} if existing else {}
    form = ChildFeedbackForm(posted(request), initial=initial)
    saved = post_form(
        request,
        form,
        lambda: services.feedback_child_save(
            actor=request.user, audit=audit, data=form.cleaned_data
        ),
        success="The child's feedback is saved.",
        then=_summary(audit),
    )
    return saved or render(request, "feedback/child.html", {"audit": audit, "form": form})


@require_http_methods(["GET", "POST"])
def family(request: HttpRequest, pk: int, row_pk: int | None = None) -> HttpResponse:
    """One family member's feedback: record it, or change it until the audit is completed."""
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    row = get_object_or_404(audit.family_feedback, pk=row_pk) if row_pk else None
    form = FamilyFeedbackForm(
        posted(request), initial=FamilyFeedbackForm.initial_from(row) if row else None
    )
    saved = post_form(
        request,
        form,
        lambda: services.feedback_family_save(
            actor=request.user, audit=audit, data=form.cleaned_data, scores=form.scores(), row=row
        ),
        success=lambda saved: f"Feedback from the {saved.role} is saved.",
        then=_summary(audit),
    )
    return saved or render(
        request,
        "feedback/family.html",
        {"audit": audit, "form": form, "scale": STATEMENT_SCALE, "row": row},
    )


@require_http_methods(["GET", "POST"])
def network(request: HttpRequest, pk: int, row_pk: int | None = None) -> HttpResponse:
    """One network member's feedback: record it, or change it until the audit is completed."""
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    row = get_object_or_404(audit.network_feedback, pk=row_pk) if row_pk else None
    form = NetworkFeedbackForm(
        posted(request), initial=NetworkFeedbackForm.initial_from(row) if row else None
    )
    saved = post_form(
        request,
        form,
        lambda: services.feedback_network_save(
            actor=request.user, audit=audit, data=form.cleaned_data, row=row
        ),
        success=lambda saved: f"Feedback from {saved.name_and_role} is saved.",
        then=_summary(audit),
    )
    return saved or render(
        request, "feedback/network.html", {"audit": audit, "form": form, "row": row}
    )


@require_POST
def remove(request: HttpRequest, pk: int, kind: str, row_pk: int) -> HttpResponse:
    """Remove a family or network member's feedback recorded by mistake."""
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    rows = {
        FeedbackKind.FAMILY: audit.family_feedback,
        FeedbackKind.NETWORK: audit.network_feedback,
    }
    if kind not in rows:
        raise Http404("No such kind of feedback")
    row = get_object_or_404(rows[kind], pk=row_pk)
    services.feedback_remove(actor=request.user, audit=audit, row=row)
    messages.success(request, "The feedback is removed.")
    return redirect(_summary(audit))


@require_http_methods(["GET", "POST"])
def not_obtained(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    if kind not in FeedbackKind.values:
        raise Http404("No such kind of feedback")
    form = NotObtainedForm(posted(request), kind=kind)
    saved = post_form(
        request,
        form,
        lambda: services.feedback_not_obtained_record(
            actor=request.user, audit=audit, kind=kind, reason=form.cleaned_data["reason"]
        ),
        success="The reason is saved.",
        then=_summary(audit),
    )
    return saved or render(request, "feedback/not_obtained.html", {"audit": audit, "form": form})
