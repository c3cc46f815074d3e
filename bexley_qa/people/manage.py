"""PSQA's pages for people, their roles and teams (the Django admin is technical support's)."""

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ..forms import post_form, posted
from ..pagination import paginate
from . import access, services
from .forms import PersonForm, PersonSearchForm, TeamForm
from .models import Team, User, UserRole


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
    return render(request, "people/manage/person.html", {"form": form, "person": person})


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
    return render(request, "people/manage/team.html", {"form": form, "team": team})
