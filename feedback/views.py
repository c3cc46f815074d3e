"""Section 5 pages: what feedback is recorded, and the forms to record it or why it was not."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audits.services import BEFORE_COMPLETION
from audits.views import apply_errors, audit_for
from bexley_qa.people import access

from . import services
from .forms import ChildFeedbackForm, FamilyFeedbackForm, NetworkFeedbackForm, NotObtainedForm
from .models import ChildFeedback, FeedbackKind
from .statements import CHILD_QUESTIONS, FAMILY_STATEMENTS, OPEN_QUESTIONS, STATEMENT_SCALE


def _editable(request: HttpRequest, audit) -> bool:
    return access.can_edit_audit(request.user, audit) and audit.status in BEFORE_COMPLETION


def _require_editable(request: HttpRequest, audit) -> None:
    if not _editable(request, audit):
        raise PermissionDenied("Only the auditor records feedback, until the audit is completed.")


@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    child = ChildFeedback.objects.filter(audit=audit).first()
    family = list(audit.family_feedback.prefetch_related("scores"))
    statements = dict(FAMILY_STATEMENTS)
    for row in family:
        row.statement_scores = [
            (s.statement, statements[s.statement], s.score) for s in row.scores.all()
        ]
    return render(
        request,
        "feedback/summary.html",
        {
            "audit": audit,
            "child": child,
            "child_answers": [(q, getattr(child, name)) for name, q in CHILD_QUESTIONS]
            if child
            else [],
            "family": family,
            "network": list(audit.network_feedback.all()),
            "open_questions": OPEN_QUESTIONS,
            "not_obtained": {n.kind: n for n in audit.feedback_not_obtained.all()},
            "editable": _editable(request, audit),
            "scale": STATEMENT_SCALE,
        },
    )


@require_http_methods(["GET", "POST"])
def child(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    _require_editable(request, audit)
    existing = ChildFeedback.objects.filter(audit=audit).first()
    initial = {f: getattr(existing, f) for f in services.CHILD_FIELDS} if existing else {}
    form = ChildFeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_child_save(actor=request.user, audit=audit, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The child's feedback is saved.")
            return redirect("feedback:summary", pk=audit.pk)
    return render(request, "feedback/child.html", {"audit": audit, "form": form})


@require_http_methods(["GET", "POST"])
def family(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    _require_editable(request, audit)
    form = FamilyFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_family_add(
                actor=request.user, audit=audit, data=form.cleaned_data, scores=form.scores()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Feedback from the {form.cleaned_data['role']} is saved.")
            return redirect("feedback:summary", pk=audit.pk)
    return render(
        request, "feedback/family.html", {"audit": audit, "form": form, "scale": STATEMENT_SCALE}
    )


@require_http_methods(["GET", "POST"])
def network(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk)
    _require_editable(request, audit)
    form = NetworkFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_network_add(actor=request.user, audit=audit, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"Feedback from {form.cleaned_data['name_and_role']} is saved."
            )
            return redirect("feedback:summary", pk=audit.pk)
    return render(request, "feedback/network.html", {"audit": audit, "form": form})


@require_http_methods(["GET", "POST"])
def not_obtained(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    audit = audit_for(request, pk)
    _require_editable(request, audit)
    if kind not in FeedbackKind.values:
        raise Http404("No such kind of feedback")
    form = NotObtainedForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_not_obtained_record(
                actor=request.user, audit=audit, kind=kind, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The reason is saved.")
            return redirect("feedback:summary", pk=audit.pk)
    return render(request, "feedback/not_obtained.html", {"audit": audit, "form": form})
