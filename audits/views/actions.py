"""Step 6: the audit's actions (Section 6): what, who and when; marking them done; and an
Inadequate audit's outcome, sent once its immediate actions are recorded."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bexley_qa import workdays
from bexley_qa.forms import post_form, posted

from .. import access, selectors, services
from ..forms import ActionForm
from ..models import AFTER_THE_AUDIT
from ..services.actions import immediate_due_date

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
            "can_send_outcome": access.can_send_outcome(request.user, audit),
            "observation_needed": selectors.practice_observation_missing(audit),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, pk: int, action_pk: int | None = None, observation: bool = False
) -> HttpResponse:
    """Add an action (or the practice observation the framework asks for), or change one."""
    audit = selectors.audit_for(request, pk, may=access.can_record_feedback_and_actions)
    action = (
        get_object_or_404(audit.actions.exclude(source__in=AFTER_THE_AUDIT), pk=action_pk)
        if action_pk
        else None
    )
    if action:
        initial = {f: getattr(action, f) for f in ActionForm.base_fields if hasattr(action, f)}
    elif observation:
        initial = {
            "what": PRACTICE_OBSERVATION,
            "practice_observation": True,
            "owner": audit.manager,
        }
    else:
        initial = {}
    form = ActionForm(
        posted(request),
        initial=initial,
        audit=audit,
        immediate_due=immediate_due_date(audit) if audit.is_inadequate else None,
    )

    def saved_message(saved) -> str:
        if audit.is_inadequate and saved.immediate:
            return f"The action is saved. It is immediate: due by {saved.due_date:%A %-d %B %Y}."
        return "The action is saved."

    saved = post_form(
        request,
        form,
        lambda: services.action_save(
            actor=request.user, audit=audit, action=action, data=form.cleaned_data
        ),
        success=saved_message,
        then=reverse("audits:actions", args=[audit.pk]),
    )
    return saved or render(
        request,
        "audits/action_form.html",
        {"audit": audit, "form": form, "action": action, "observation": observation},
    )


@require_POST
def action_remove(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    audit = selectors.audit_for(request, pk, may=access.can_record_feedback_and_actions)
    action = get_object_or_404(audit.actions.exclude(source__in=AFTER_THE_AUDIT), pk=action_pk)
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


@require_http_methods(["GET", "POST"])
def send_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then send, an Inadequate audit's outcome: who will be told, and the actions."""
    audit = selectors.audit_for(request, pk, may=access.can_send_outcome)
    problems = selectors.outcome_problems(audit)
    if request.method == "POST" and not problems:
        audit = services.audit_send_outcome(actor=request.user, audit=audit)
        messages.success(
            request,
            "The outcome is sent. Immediate actions are due by "
            f"{audit.immediate_actions_due_at:%A %-d %B %Y %H:%M}; anything still open then is "
            "escalated to the team manager, service manager and PSQA.",
        )
        return redirect("audits:actions", pk=audit.pk)
    return render(
        request,
        "audits/send_outcome.html",
        {
            "audit": audit,
            "problems": problems,
            "recipients": selectors.inadequate_outcome_recipients(audit),
            "actions": audit.actions.select_related("owner"),
            "due": immediate_due_date(audit),
            "due_at": workdays.within_24_hours(timezone.now()),
        },
        status=400 if request.method == "POST" else 200,
    )
