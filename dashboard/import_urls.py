"""The imports of the case system's exports: their own item in the navigation (business
support run them, and see nothing else of the dashboard)."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.imports, name="index"),
    path("runs/<int:pk>/", views.import_run, name="run"),
    path("<str:kind>/", views.import_upload, name="upload"),
    path("<str:kind>/confirm/", views.import_confirm, name="confirm"),
    path("<str:kind>/template.csv", views.import_template, name="template"),
]
