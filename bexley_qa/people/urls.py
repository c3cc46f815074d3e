from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("people/search/<slug:pool>/", views.person_search, name="search"),
    path("children/", views.child_list, name="child-list"),
    path("children/<str:case_id>/", views.child_detail, name="child-detail"),
    path("children/<str:case_id>/record-log/", views.child_record_log, name="child-record-log"),
    path(
        "children/<str:case_id>/subject-access.<str:format>",
        views.subject_access,
        name="subject-access",
    ),
]
