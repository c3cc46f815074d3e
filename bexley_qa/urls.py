from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import include, path

from . import views
from .imports import api as payload_api
from .people import access, oidc, two_factor
from .people.forms import SignInForm

admin.site.site_header = "Collaborative Case Audit: people, teams and children"
admin.site.site_title = "Collaborative Case Audit admin"
admin.site.index_title = "Manage the organisation"
# The Django admin is technical support's (superusers); PSQA keep people and teams on the app's
# own pages (bexley_qa/people/manage.py), where no one can be made staff or given a password.
# One sign-in page for the whole service: the admin's own login page only ever refuses.
admin.site.has_permission = lambda request: (
    request.user.is_active and access.can_use_admin(request.user)
)


@login_required
def _admin_refused(request, extra_context=None):
    access.can_use_admin.require(request.user)  # 403 for everyone signed in but not permitted
    return redirect("admin:index")


admin.site.login = _admin_refused

handler400 = "bexley_qa.views.bad_request"
handler500 = "bexley_qa.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
            extra_context={"session_idle_minutes": settings.SESSION_IDLE_MINUTES},
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("sign-in/code/", two_factor.verify, name="two-factor"),
    path("sign-in/code/set-up/", two_factor.setup, name="two-factor-setup"),
    path("sign-in/council/", oidc.start, name="oidc-start"),
    path("sign-in/council/callback/", oidc.callback, name="oidc-callback"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("more/<slug:group>/", views.more, name="more"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("audits/", include("audits.urls")),
    path("audits/<int:pk>/feedback/", include("feedback.urls")),
    path("survey/", include("feedback.survey.urls")),
    path("practice-week/", include("audits.practice_week.urls")),
    path("moderation/", include("moderation.urls")),
    # The audit results and the QA reports keep the addresses they were first sent out with.
    path("dashboard/analytics/", include("reporting.analytics.urls")),
    path("dashboard/overview/", include("reporting.overview.urls")),
    path("dashboard/themes/", include("reporting.overview.themes_urls")),
    path("calendar/", include("reporting.calendar.urls")),
    path("dashboard/qa-reports/", include("reporting.qa_reports.urls")),
    path("dashboard/", include("sos.urls")),
    path("imports/", include("bexley_qa.imports.urls")),
    # The council's payload client sends here as it sends to the DfE (bexley_qa/imports/api.py).
    path("api/token/", payload_api.token, name="api-token"),
    path(
        "children_social_care_data/<str:la_code>/children",
        payload_api.children,
        name="api-children",
    ),
    path("outbox/", include("bexley_qa.notifications.urls")),
    path("manage/", include("bexley_qa.people.manage_urls")),
    path("", include("bexley_qa.people.urls")),
]
