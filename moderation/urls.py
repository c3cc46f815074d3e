from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    # PSQA: the month's sample
    path("", views.sample, name="sample"),
    path("propose/", views.propose, name="propose"),
    path("add/", views.add, name="add"),
    path("insights/", views.insights, name="insights"),
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("<int:pk>/remove/", views.remove, name="remove"),
    # The moderator's form
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/areas/<int:number>/", views.area, name="area"),
    path("<int:pk>/comments/", views.form_page, {"page": "comments"}, name="comments"),
    path("<int:pk>/actions/", views.actions, name="actions"),
    path("<int:pk>/actions/add/", views.action_add, name="action-add"),
    path("<int:pk>/grade/", views.form_page, {"page": "grade"}, name="grade"),
    path("<int:pk>/meeting/", views.form_page, {"page": "meeting"}, name="meeting"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    # The team manager's oversight note
    path("<int:pk>/oversight/", views.oversight, name="oversight"),
]
