from django.urls import path

from . import views

app_name = "qa_reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/write/", views.write, name="write"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("<int:pk>/highlights/", views.highlights, name="highlights"),
    path("<int:pk>/highlights.pdf", views.highlights_pdf, name="highlights-pdf"),
]
