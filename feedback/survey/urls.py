from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/write-up/", views.write_up, name="write-up"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/report.pdf", views.report, name="pdf"),
    path("<int:pk>/paper-copy.pdf", views.printable, name="printable"),
    path("calls/<int:pk>/", views.call, name="call"),
]
