"""Step 6: the audit's actions (Section 6): what, who and when; marking them done."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bexley_qa.forms import post_form

from .. import access, selectors, services
from ..forms import ActionForm

PRACTICE_OBSERVATION = "Undertake a practice observation with the practitioner"


@require_GET
def actions(request: HttpRequest, pk: int) -> HttpResponse:
    """Section 6: the audit's actions, what and who and when."""
    audit = selectors.audit_for(request, pk)
    rows = list(audit.actions.select_related("owner"))
    for action in rows:
        action.may_mark_done = access.can_mark_action_done(request.user, action)
    return render(
        request,
        "audits/actions.html",
        {
            "audit": audit,
            "actions": rows,
            "can_change": access.can_record_feedback_and_actions(request.user, audit),
            "observation_needed": selectors.practice_observation_missing(audit),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int | None = None) -> HttpResponse:
    """Add an action, or change one, until the audit is completed."""
    audit = selectors.audit_for(request, pk, may=access.can_record_feedback_and_actions)
    action = get_object_or_404(audit.actions, pk=action_pk) if action_pk else None
    if action:
        initial = {f: getattr(action, f) for f in ActionForm.base_fields if hasattr(action, f)}
    elif selectors.practice_observation_missing(audit):
        # The framework requires it: propose it, filled in, for the auditor to complete.
        initial = {"what": PRACTICE_OBSERVATION, "practice_observation": True,
                   "owner": audit.manager, "immediate": audit.is_inadequate}  # fmt: skip
    else:
        initial = {"immediate": audit.below_good}
    form = ActionForm(request.POST or None, initial=initial)
    saved = post_form(
        request,
        form,
        lambda: services.action_save(
            actor=request.user, audit=audit, action=action, data=form.cleaned_data
        ),
        success="The action is saved.",
        then=reverse("audits:actions", args=[audit.pk]),
    )
    return saved or render(
        request, "audits/action_form.html", {"audit": audit, "form": form, "action": action}
    )


@require_POST
def action_remove(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    audit = selectors.audit_for(request, pk, may=access.can_record_feedback_and_actions)
    action = get_object_or_404(audit.actions, pk=action_pk)
    services.action_remove(actor=request.user, action=action)
    messages.success(request, "The action is removed.")
    return redirect("audits:actions", pk=audit.pk)


@require_POST
def action_done(request: HttpRequest, action_pk: int) -> HttpResponse:
    """The owner (or the auditor) marks an action done."""
    action = get_object_or_404(
        access.actions_visible_to(request.user).select_related("audit"), pk=action_pk
    )
    services.action_mark_done(actor=request.user, action=action)
    messages.success(request, f"Marked done: {action.what[:80]}")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home"
    return redirect(next_url)
