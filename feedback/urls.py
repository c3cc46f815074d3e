from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("child/", views.child, name="child"),
    path("family/", views.family, name="family"),
    path("family/<int:row_pk>/", views.family, name="family-edit"),
    path("network/", views.network, name="network"),
    path("network/<int:row_pk>/", views.network, name="network-edit"),
    path("<str:kind>/<int:row_pk>/remove/", views.remove, name="remove"),
    path("not-obtained/<str:kind>/", views.not_obtained, name="not-obtained"),
]
