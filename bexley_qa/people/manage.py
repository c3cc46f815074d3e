"""PSQA's pages for people, their roles and teams (the Django admin is technical support's)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..forms import post_form, posted
from ..pagination import paginate
from . import access, readlog, records, selectors, services
from . import retention as retention_services
from .forms import (
    ChildForm,
    KeepRecordsForm,
    KeepWithdrawnRecordForm,
    PersonForm,
    PersonSearchForm,
    TeamForm,
)
from .models import CaseSystemPurge, RetentionReview, Team, User, UserRole


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    access.can_manage_people.require(request.user)
    form = PersonSearchForm(request.GET or None)
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    found = (
        User.objects.filter(is_superuser=False)
        .select_related("team")
        .prefetch_related(Prefetch("role_grants", queryset=UserRole.objects.order_by("role")))
    )
    if q := filters.get("q", "").strip():
        for word in q.split():
            found = found.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
    if filters.get("team"):
        found = found.filter(team=filters["team"])
    if filters.get("role"):
        found = found.filter(role_grants__role=filters["role"])
    return render(
        request,
        "people/manage/people.html",
        {"form": form, "filtered": any(filters.values()), **paginate(request, found, per_page=50)},
    )


@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.can_manage_people.require(request.user)
    person = get_object_or_404(User, pk=pk, is_superuser=False) if pk else User()
    form = PersonForm(posted(request), instance=person)
    if response := post_form(
        request,
        form,
        lambda: services.person_save(
            actor=request.user, person=form.save(commit=False), roles=form.cleaned_data["roles"]
        ),
        success=lambda saved: (
            f"{saved.get_full_name()} saved"
            + ("" if pk else f": their username is {saved.username}")
        ),
        then=lambda saved: reverse("manage:people"),
    ):
        return response
    return _form_page(
        request,
        form,
        title=person.get_full_name() if pk else "Add a person",
        caption=(
            f"Username {person.username}"
            + (f" · Staff ID {person.staff_id}" if person.staff_id else "")
            if pk
            else ""
        ),
        intro=""
        if pk
        else "They will sign in with their council account (the email address "
        "below). Their username is made from it.",
        back=(reverse("manage:people"), "Back to people"),
        changes=selectors.person_changes(person) if pk else (),
        sign_on=person if pk and person.sign_on_id else None,
    )


@require_POST
def person_unlink_sign_on(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget who the council's sign-on said this person was (say, the council moved to another
    provider): their next council sign-in matches them by email again, and is kept."""
    access.can_manage_people.require(request.user)
    person = get_object_or_404(User, pk=pk, is_superuser=False)
    person.sign_on_id = ""
    person.save(update_fields=["sign_on_id"])
    messages.success(
        request,
        f"{person.get_full_name()}'s council sign-in is unlinked: their next council sign-in "
        "matches them by email address again.",
    )
    return redirect("manage:person", pk=pk)


@require_http_methods(["GET", "POST"])
def child(request: HttpRequest, case_id: str) -> HttpResponse:
    """PSQA correct a child's case record (history kept by the database's triggers)."""
    access.can_manage_people.require(request.user)
    child = get_object_or_404(access.children_visible_to(request.user), case_id=case_id)
    readlog.viewed(request, child_id=child.pk)
    form = ChildForm(posted(request), instance=child)
    if response := post_form(
        request,
        form,
        lambda: services.child_save(child=form.save(commit=False)),
        success=lambda saved: f"Case {saved.case_id} saved",
        then=lambda saved: saved.get_absolute_url(),
    ):
        return response
    return _form_page(
        request,
        form,
        title=f"Change {child.full_name}'s case record",
        caption=f"Case {child.case_id}",
        intro="Correct what the case management system's export got wrong. Every change is kept "
        "in the change history, on the child's record log.",
        back=(child.get_absolute_url(), "Back to the child's record"),
    )


@require_GET
def teams(request: HttpRequest) -> HttpResponse:
    access.can_manage_people.require(request.user)
    all_teams = Team.objects.select_related("service").prefetch_related("managers")
    return render(request, "people/manage/teams.html", {"teams": all_teams})


@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.can_manage_people.require(request.user)
    team = get_object_or_404(Team, pk=pk) if pk else Team()
    form = TeamForm(posted(request), instance=team)
    if response := post_form(
        request,
        form,
        lambda: services.team_save(
            team=form.save(commit=False), managers=form.cleaned_data["managers"]
        ),
        success=lambda saved: f"{saved.name} saved",
        then="manage:teams",
    ):
        return response
    return _form_page(
        request,
        form,
        title=team.name if pk else "Add a team",
        back=(reverse("manage:teams"), "Back to teams"),
    )


@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    """Records past the retention schedule: those waiting for PSQA, then the decisions made."""
    access.can_keep_records.require(request.user)
    reviews = RetentionReview.objects.select_related("child__team", "decided_by")
    purges = CaseSystemPurge.objects.select_related("child__team", "decided_by")
    return render(
        request,
        "people/manage/retention.html",
        {
            "pending": reviews.filter(status=RetentionReview.Status.PENDING),
            "decided": reviews.exclude(status=RetentionReview.Status.PENDING).order_by(
                "-decided_at"
            )[:50],
            "years": settings.RETENTION_YEARS,
            "purges": purges.filter(status=CaseSystemPurge.Status.PENDING),
            "purges_decided": purges.exclude(status=CaseSystemPurge.Status.PENDING).order_by(
                "-decided_at"
            )[:50],
        },
    )


@require_http_methods(["GET", "POST"])
def purge(request: HttpRequest, pk: int) -> HttpResponse:
    """Decide what the case system asked (a payload withdrawing a child's record): anonymise it,
    when the service holds nothing about the child, or keep it, saying why."""
    access.can_keep_records.require(request.user)
    asked = get_object_or_404(
        CaseSystemPurge.objects.select_related("child__team"),
        pk=pk,
        status=CaseSystemPurge.Status.PENDING,
    )
    form = KeepWithdrawnRecordForm(posted(request) if "reason" in request.POST else None)
    if request.method == "POST" and request.POST.get("decision") == "anonymise":
        case_id = asked.child.case_id  # it is gone once anonymised
        try:
            retention_services.purge_anonymise(actor=request.user, purge=asked)
        except ValidationError as error:  # back to the page, to keep it instead
            messages.error(request, error.messages[0])
            return redirect("manage:purge", pk=asked.pk)
        messages.success(request, f"Case {case_id} anonymised, as the case system asked")
        return redirect("manage:retention")
    if response := post_form(
        request,
        form,
        lambda: retention_services.purge_keep(
            actor=request.user, purge=asked, reason=form.cleaned_data["reason"]
        ),
        success=lambda kept: f"Case {kept.child.case_id} kept",
        then="manage:retention",
    ):
        return response
    held = records.holds_records(asked.child)  # only a record held for nothing else may go
    return render(request, "people/manage/purge.html", {"asked": asked, "held": held, "form": form})


@require_http_methods(["GET", "POST"])
def retention_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then anonymise: this cannot be undone."""
    access.can_keep_records.require(request.user)
    review = _pending_review(pk)
    if request.method == "POST":
        case_id = review.child.case_id  # it is gone once anonymised
        try:
            done = retention_services.retention_anonymise(actor=request.user, review=review)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if done.status == RetentionReview.Status.CANCELLED:
                messages.error(
                    request,
                    f"Case {case_id} is no longer past retention (re-opened, or its date of birth "
                    "corrected): nothing was anonymised",
                )
            else:
                messages.success(
                    request, f"Case {case_id} anonymised: {done.records_changed} records changed"
                )
        return redirect("manage:retention")
    return render(request, "people/manage/retention_anonymise.html", {"review": review})


@require_http_methods(["GET", "POST"])
def retention_keep(request: HttpRequest, pk: int) -> HttpResponse:
    access.can_keep_records.require(request.user)
    review = _pending_review(pk)
    form = KeepRecordsForm(posted(request))
    if response := post_form(
        request,
        form,
        lambda: retention_services.retention_keep(
            actor=request.user, review=review, **form.cleaned_data
        ),
        success=lambda kept: f"Case {kept.child.case_id} kept until {kept.keep_until:%-d %B %Y}",
        then="manage:retention",
    ):
        return response
    return _form_page(
        request,
        form,
        title=f"Keep {review.child.full_name}'s records",
        caption=f"Case {review.child.case_id}",
        back=(reverse("manage:retention"), "Back to records past retention"),
    )


def _form_page(
    request, form, *, title, back, caption="", intro="", changes=(), sign_on=None
) -> HttpResponse:
    """The People and teams pages' one form page; `back` is (URL, link text)."""
    return render(
        request,
        "people/manage/form.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "intro": intro,
            "back_url": back[0],
            "back_label": back[1],
            "changes": changes,
            "sign_on": sign_on,
        },
        # A post that comes back to the form is one with something to fix.
        status=400 if request.method == "POST" else 200,
    )


def _pending_review(pk: int) -> RetentionReview:
    return get_object_or_404(
        RetentionReview.objects.select_related("child"),
        pk=pk,
        status=RetentionReview.Status.PENDING,
    )
