from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/confirm/", views.confirm, name="confirm"),
    path("<slug:kind>/template/", views.template, name="template"),
]
