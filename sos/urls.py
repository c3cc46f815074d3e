from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-children/", views.mine, name="mine"),
    path("services/<int:pk>/", views.service, name="service"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("children/<str:case_id>/record/", views.record_measure, name="record-measure"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>.pdf", views.report_file, {"format": "pdf"}, name="report-pdf"),
    path("reports/<int:pk>.csv", views.report_file, {"format": "csv"}, name="report-csv"),
]
