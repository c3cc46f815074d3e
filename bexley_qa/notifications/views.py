from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from bexley_qa.pagination import paginate
from bexley_qa.people.access import is_psqa

from .models import Notification, NotificationStatus
from .services import notification_resend

PER_PAGE = 50


class OutboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *NotificationStatus.choices]
    )
    q = forms.CharField(label="Recipient or subject", required=False, max_length=100)


def _require_psqa(request: HttpRequest) -> None:
    # The outbox holds every email about every child: PSQA only, and 404 to everyone else.
    if not is_psqa(request.user):
        raise Http404("No outbox here")


@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """Every email the product has queued: sent, pending and failed, with resend for failures."""
    _require_psqa(request)
    form = OutboxFilterForm(request.GET or None)
    form.is_valid()  # a filter that is wrong is shown as an error; the others still apply
    filters = getattr(form, "cleaned_data", {})
    emails = Notification.objects.select_related("recipient")
    if status := filters.get("status"):
        emails = emails.filter(status=status)
    if q := filters.get("q", "").strip():
        emails = emails.filter(Q(to_address__icontains=q) | Q(subject__icontains=q))
    counts = dict(Notification.objects.order_by().values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "notifications/outbox.html",
        {
            "form": form,
            "filtered": any(filters.values()),
            "counts": [(s.label, s.value, counts.get(s.value, 0)) for s in NotificationStatus],
            **paginate(request, emails, per_page=PER_PAGE),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_psqa(request)
    return render(
        request, "notifications/detail.html", {"email": get_object_or_404(Notification, pk=pk)}
    )


@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    _require_psqa(request)
    email = get_object_or_404(Notification, pk=pk)
    try:
        notification_resend(notification=email)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request, f"The email to {email.to_address} will be sent again within a minute."
        )
    return redirect("notifications:outbox")
