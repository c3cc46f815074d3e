"""The QA calendar page, its feed (read by calendar programs, by its secret address: no sign-in),
and making or revoking that address."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bexley_qa.people.access import is_active

from ..models import CalendarFeed
from . import services
from .events import by_month, events_for, to_ical, window


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = window(today)
    token = request.session.pop("calendar_token", None)  # shown once, just after it is made
    return render(
        request,
        "reporting/calendar.html",
        {
            "months": by_month(events_for(request.user, today)),
            "start": start,
            "end": end,
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
            "feed_url": f"{settings.SITE_URL}{reverse('calendar:feed')}?key={token}"
            if token
            else "",
        },
    )


@require_POST
def make_feed(request: HttpRequest) -> HttpResponse:
    request.session["calendar_token"] = services.calendar_feed_make(user=request.user)
    messages.success(
        request, "Your calendar's new address is below. Any address before it no longer works."
    )
    return redirect("calendar:index")


@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, "Your calendar's address no longer works.")
    return redirect("calendar:index")


@login_not_required  # calendar programs cannot sign in: the secret address is the key
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("key", "")
    found = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=services.token_hash(token))
        .first()
        if token
        else None
    )
    if found is None or not is_active(found.user):
        raise Http404("No such calendar")
    CalendarFeed.objects.filter(pk=found.pk).update(last_read_at=timezone.now())
    events = events_for(found.user, timezone.localdate())
    body = to_ical(events, site_url=settings.SITE_URL, name="QA calendar, Collaborative Case Audit")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
