"""Pages that belong to no single app: home, sign-out confirmation, accessibility, health check."""

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .panels import HOME, panels_for
from .planning import fewer_join_orders


@require_GET
@fewer_join_orders
def home(request: HttpRequest) -> HttpResponse:
    """What needs the signed-in person's attention: the panels the apps register for their roles."""
    panels, context = panels_for(HOME, request.user)
    return render(request, "home.html", {**context, "panels": panels})


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registration/signed_out.html", {"timed_out": request.GET.get("timeout") == "1"}
    )


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The dialog's "Stay signed in": any signed-in request renews the session."""
    return HttpResponse(status=204)


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    # Public on purpose: an accessibility statement must be readable before signing in.
    return render(request, "accessibility.html", {"contact_email": settings.PSQA_CONTACT_EMAIL})


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


# While the database cannot be reached, how long a browser is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or, when the database cannot be reached (it is restarting, say), a 503
    "Sorry, the service is unavailable" with Retry-After: nothing was saved, and trying again
    shortly will work. Neither page needs the database (no request context is used)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The GOV.UK-styled 400 page (a tampered or replayed council sign-in callback, a broken
    form), or 413 when what was sent is larger than the service accepts."""
    from django.core.exceptions import RequestDataTooBig

    template, status = (
        ("413.html", 413) if isinstance(exception, RequestDataTooBig) else ("400.html", 400)
    )
    return _error_page(request, template, status)


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        content = loader.render_to_string(template, request=request)
    except Exception:  # a request too broken for the page's context: the page without it
        content = loader.render_to_string(template)
    return HttpResponse(content, status=status)


@require_GET
def more(request: HttpRequest, group: str) -> HttpResponse:
    """A navigation group's page: the person's items in it, each with what it is for."""
    from django.http import Http404

    from . import navigation

    if group not in navigation.GROUPS:
        raise Http404("No such part of the navigation")
    title, described = navigation.GROUPS[group]
    items = [
        (label, reverse(url_name), described[name])
        for name, label, url_name in navigation.own_items(request.user)
        if name in described
    ]
    if not items:
        raise Http404("Nothing here for you")
    return render(request, "more.html", {"title": title, "items": items})
