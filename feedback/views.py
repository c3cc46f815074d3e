"""Section 5 pages: what feedback is recorded, and the forms to record it or why it was not."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

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
def family(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    form = FamilyFeedbackForm(posted(request))
    saved = post_form(
        request,
        form,
        lambda: services.feedback_family_add(
            actor=request.user, audit=audit, data=form.cleaned_data, scores=form.scores()
        ),
        success=lambda row: f"Feedback from the {row.role} is saved.",
        then=_summary(audit),
    )
    return saved or render(
        request, "feedback/family.html", {"audit": audit, "form": form, "scale": STATEMENT_SCALE}
    )


@require_http_methods(["GET", "POST"])
def network(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request, pk, may=can_record_feedback_and_actions)
    form = NetworkFeedbackForm(posted(request))
    saved = post_form(
        request,
        form,
        lambda: services.feedback_network_add(
            actor=request.user, audit=audit, data=form.cleaned_data
        ),
        success=lambda row: f"Feedback from {row.name_and_role} is saved.",
        then=_summary(audit),
    )
    return saved or render(request, "feedback/network.html", {"audit": audit, "form": form})


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
