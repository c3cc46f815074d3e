from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("child/", views.child, name="child"),
    path("family/", views.family, name="family"),
    path("network/", views.network, name="network"),
    path("not-obtained/<str:kind>/", views.not_obtained, name="not-obtained"),
]
