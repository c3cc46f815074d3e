from django.urls import path

from . import views

app_name = "themes"
urlpatterns = [
    path("", views.themes_index, name="index"),
    path("services/<int:pk>/", views.themes_service, name="service"),
    path("family-feedback/", views.family_feedback, name="family-feedback"),
]
