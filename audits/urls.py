from django.urls import path

from . import views

app_name = "audits"
urlpatterns = [
    path("", views.allocation_list, name="allocations"),
    path("allocate/<str:case_id>/", views.allocate, name="allocate"),
    path("import/", views.import_allocations, name="import"),
    path("import/confirm/", views.import_confirm, name="import-confirm"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/meeting/", views.book_meeting, name="book-meeting"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/self-assessment/", views.self_assessment, name="self-assessment"),
    path(
        "<int:pk>/self-assessment/<int:author_pk>/waive/",
        views.waive_self_assessment,
        name="waive-self-assessment",
    ),
    path("<int:pk>/section-1/", views.section_1, name="section-1"),
    path("<int:pk>/areas/<int:number>/", views.area, name="area"),
    path("<int:pk>/grade/", views.grade, name="grade"),
    path("<int:pk>/audit.pdf", views.pdf, name="pdf"),
    path("<int:pk>/actions/", views.actions, name="actions"),
    path("<int:pk>/actions/add/", views.action_edit, name="action-add"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/remove/", views.action_remove, name="action-remove"),
    path("actions/<int:action_pk>/done/", views.action_done, name="action-done"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow-up"),
]
