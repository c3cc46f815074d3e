"""Pages that belong to no single app: home, sign-out confirmation, accessibility, health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from audits import selectors as audit_selectors

from .people import access, selectors
from .people.forms import ChildLookupForm
from .people.models import RoleCode

MANAGER_ROLES = (RoleCode.TEAM_MANAGER, RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs the signed-in person's attention, section by section for each of their roles."""
    user = request.user
    context: dict = {
        "is_practitioner": user.has_role(RoleCode.PRACTITIONER, RoleCode.STAYING_TOGETHER_WORKER),
        "is_auditor": user.has_role(*MANAGER_ROLES, RoleCode.DEPUTY_DIRECTOR),
        "is_team_manager": user.has_role(RoleCode.TEAM_MANAGER),
        "is_business_support": user.has_role(RoleCode.BUSINESS_SUPPORT),
        "is_psqa": user.has_role(RoleCode.PSQA),
        "is_moderator": user.has_role(RoleCode.MODERATOR),
    }
    if context["is_practitioner"]:
        context["self_assessments_due"] = list(audit_selectors.self_assessments_due(user=user))
        caseload = selectors.caseload(user=user)
        context["caseload_counts"] = selectors.plan_type_counts(caseload)
        context["caseload_total"] = sum(row.count for row in context["caseload_counts"])
    context["actions_owned"] = list(audit_selectors.actions_owned(user=user))
    context["escalations"] = list(audit_selectors.open_escalations(user=user))
    if context["is_auditor"]:
        context["audits_to_prepare"] = list(audit_selectors.audits_to_prepare(user=user))
        context["follow_ups"] = list(audit_selectors.follow_ups_due(user=user))
        context["today"] = timezone.localdate()
    if context["is_team_manager"]:
        context["teams"] = list(selectors.managed_teams_summary(user=user))
        context["team_audits"] = list(audit_selectors.team_audits_in_progress(user=user))
    if user.has_role(RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE) or (
        access.sees_whole_directorate(user)
    ):
        context["services"] = list(selectors.services_summary(user=user))
    if context["is_business_support"]:
        context["lookup_form"] = ChildLookupForm()
        context["allocated"] = list(audit_selectors.allocated_by(user=user)[:10])
    return render(request, "home.html", context)


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signed_out.html")


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    # Public on purpose: an accessibility statement must be readable before signing in.
    return render(request, "accessibility.html")


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app can reach its database; 503 otherwise. Says nothing more."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
