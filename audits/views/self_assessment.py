"""Step 2: the practitioner's own self-assessment (Section 2), and the auditor's waiver."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bexley_qa.forms import ReasonForm, post_form, posted
from bexley_qa.versioning import versioned_post

from .. import access, selectors, services
from ..forms import SelfAssessmentForm
from ..services.self_assessment import missing_answers

TEMPLATE = "audits/self_assessment.html"


@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The practitioner's own self-assessment: saves as they type, read-only once submitted."""
    audit = selectors.audit_for(request, pk, may=access.is_self_assessor)
    user = request.user
    mine = next((s for s in audit.self_assessments.all() if s.author_id == user.pk), None)
    if mine and mine.is_done or not access.can_self_assess(user, audit):
        return render(
            request, "audits/self_assessment_done.html", {"audit": audit, "assessment": mine}
        )
    form = SelfAssessmentForm(posted(request), initial=SelfAssessmentForm.initial_from(mine))
    context = {"audit": audit, "form": form, "row": mine}
    if request.method != "POST":
        return render(request, TEMPLATE, context)

    def check_or_keep_draft(row) -> HttpResponse:
        if "submit" not in request.POST:
            messages.success(request, "Your draft is saved. Submit it when it is complete.")
            return redirect("audits:self-assessment", pk=audit.pk)
        if missing := missing_answers(row):
            raise ValidationError(missing)  # the draft is saved; say what is still needed
        return redirect("audits:self-assessment-check", pk=audit.pk)

    return versioned_post(
        request,
        form,
        save=lambda data, version: services.self_assessment_save(
            actor=user, audit=audit, data=data, version=version
        ),
        template=TEMPLATE,
        context=context,
        saved=check_or_keep_draft,
    )


@require_http_methods(["GET", "POST"])
def self_assessment_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit: once submitted, a self-assessment cannot be changed."""
    audit = selectors.audit_for(request, pk, may=access.can_self_assess)
    mine = next((s for s in audit.self_assessments.all() if s.author_id == request.user.pk), None)
    if mine is None or mine.is_done or missing_answers(mine):
        return redirect("audits:self-assessment", pk=audit.pk)
    if request.method == "POST":
        services.self_assessment_submit(actor=request.user, audit=audit)
        messages.success(
            request, "Your self-assessment is submitted. The auditor will see it at the meeting."
        )
        return redirect(audit)
    return render(
        request, "audits/self_assessment_check.html", {"audit": audit, "assessment": mine}
    )


@require_http_methods(["GET", "POST"])
def waive_self_assessment(request: HttpRequest, pk: int, author_pk: int) -> HttpResponse:
    audit = selectors.audit_for(request, pk, may=access.can_edit_audit)
    author = next((p for p in audit.self_assessors if p.pk == author_pk), None)
    if author is None:
        raise Http404("Not asked for a self-assessment on this audit")
    form = ReasonForm(
        posted(request),
        label=f"Why is {author}'s self-assessment not needed?",
        required_message="Enter why the self-assessment is not needed",
        submit="Waive the self-assessment",
    )
    waived = post_form(
        request,
        form,
        lambda: services.self_assessment_waive(
            actor=request.user, audit=audit, author=author, reason=form.cleaned_data["reason"]
        ),
        success=f"{author}'s self-assessment is waived.",
        then=audit,
    )
    return waived or render(
        request, "audits/waive.html", {"audit": audit, "author": author, "form": form}
    )
