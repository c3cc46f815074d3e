"""PSQA's pages for people and teams, under /manage/ (their own namespace in the navigation)."""

from django.urls import path

from . import manage

app_name = "manage"
urlpatterns = [
    path("people/", manage.people, name="people"),
    path("people/add/", manage.person, name="person-add"),
    path("people/<int:pk>/", manage.person, name="person"),
    path(
        "people/<int:pk>/unlink-sign-on/",
        manage.person_unlink_sign_on,
        name="person-unlink-sign-on",
    ),
    path("children/<str:case_id>/", manage.child, name="child"),
    path("teams/", manage.teams, name="teams"),
    path("teams/add/", manage.team, name="team-add"),
    path("teams/<int:pk>/", manage.team, name="team"),
    path("retention/", manage.retention, name="retention"),
    path("retention/<int:pk>/anonymise/", manage.retention_anonymise, name="retention-anonymise"),
    path("retention/<int:pk>/keep/", manage.retention_keep, name="retention-keep"),
    path("retention/withdrawn/<int:pk>/", manage.purge, name="purge"),
]
