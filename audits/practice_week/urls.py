from django.urls import path

from . import views

app_name = "practice_week"
urlpatterns = [
    path("", views.index, name="index"),
    path("schedule/", views.schedule, name="schedule"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/allocate/", views.allocate, name="allocate"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("observations/new/", views.observation_new, name="observation-new"),
    path("observations/<int:pk>/", views.observation, name="observation"),
]
