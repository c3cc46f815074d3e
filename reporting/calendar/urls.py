from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar, name="index"),
    path("feed/", views.make_feed, name="make"),
    path("feed/revoke/", views.revoke_feed, name="revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
