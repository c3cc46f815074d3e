from django.urls import path

from .models import ReviewKind
from .practice_week import views as practice_week_views
from .views import actions, allocation, audit_form, completion, self_assessment

app_name = "audits"
urlpatterns = [
    # Step 1: allocation
    path("", allocation.allocation_list, name="allocations"),
    path("allocate/<str:case_id>/", allocation.allocate, name="allocate"),
    path("<int:pk>/meeting/", allocation.book_meeting, name="book-meeting"),
    path("<int:pk>/cancel/", allocation.cancel, name="cancel"),
    path("<int:pk>/partners/", practice_week_views.partners, name="partners"),
    # Step 2: self-assessment
    path("<int:pk>/self-assessment/", self_assessment.self_assessment, name="self-assessment"),
    path(
        "<int:pk>/self-assessment/check/",
        self_assessment.self_assessment_check,
        name="self-assessment-check",
    ),
    path(
        "<int:pk>/self-assessment/<int:author_pk>/waive/",
        self_assessment.waive_self_assessment,
        name="waive-self-assessment",
    ),
    # Steps 3 and 4: the audit form and grading
    path("<int:pk>/", audit_form.detail, name="detail"),
    path("<int:pk>/changes/", audit_form.changes, name="changes"),
    path("<int:pk>/section-1/", audit_form.section_1, name="section-1"),
    path("<int:pk>/areas/<int:number>/", audit_form.area, name="area"),
    path("<int:pk>/grade/", audit_form.grade, name="grade"),
    path("<int:pk>/audit.pdf", audit_form.pdf, name="pdf"),
    path("<int:pk>/scores.svg", audit_form.scores_chart, name="scores-chart"),
    # Step 6: actions
    path("<int:pk>/actions/", actions.actions, name="actions"),
    path("<int:pk>/actions/add/", actions.action_edit, name="action-add"),
    path(
        "<int:pk>/actions/add-practice-observation/",
        actions.action_edit,
        {"observation": True},
        name="action-add-observation",
    ),
    path("<int:pk>/actions/<int:action_pk>/", actions.action_edit, name="action-edit"),
    path("<int:pk>/actions/<int:action_pk>/remove/", actions.action_remove, name="action-remove"),
    path("actions/<int:action_pk>/done/", actions.action_done, name="action-done"),
    path("<int:pk>/outcome/", actions.send_outcome, name="send-outcome"),
    # Step 7: completion and follow-up
    path("<int:pk>/complete/", completion.complete, name="complete"),
    path("<int:pk>/follow-up/", completion.follow_up, name="follow-up"),
    path("<int:pk>/oversight-note/", completion.oversight_note, name="oversight-note"),
    path(
        "<int:pk>/service-manager-review/",
        completion.manager_review,
        {"kind": ReviewKind.SERVICE_MANAGER},
        name="service-manager-review",
    ),
    path(
        "<int:pk>/close-off/",
        completion.manager_review,
        {"kind": ReviewKind.CLOSE_OFF},
        name="close-off",
    ),
]
