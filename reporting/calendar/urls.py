from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar, name="index"),
    path("feed/", views.make_feed, name="make"),
    path("feed/revoke/", views.revoke_feed, name="revoke"),
    # The key goes in the query string, which the logs leave out, not in the path.
    path("feed.ics", views.feed, name="feed"),
]
