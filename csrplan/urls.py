from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from core.access import Role, public_view, role_required
from dashboard.views import home
from fgd.urls import aspiration_patterns, session_patterns
from monitoring.urls import public_patterns as monitoring_public
from reports.urls import public_patterns as reports_public

from . import views

urlpatterns = [
    path("", home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", public_view(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "accounts/password_change/",
        role_required(Role.VIEWER)(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password_change/done/",
        role_required(Role.VIEWER)(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("stakeholders/", include("stakeholders.urls")),
    path("fgd/", include((session_patterns, "fgd"))),
    path("aspirations/", include((aspiration_patterns, "aspirations"))),
    path("plans/", include("programs.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    # Public pages that read several apps ("you said, we did", the approved plan): one prefix.
    path("public/", include(([*monitoring_public, *reports_public], "public"))),
]

if settings.BENCH_REFERENCE:
    # The benchmark's ceiling (bench/ceiling.py): absent unless BENCH_REFERENCE=true.
    from .reference import bench_reference

    urlpatterns.append(path("bench/reference/", bench_reference, name="bench_reference"))

handler400 = "csrplan.views.bad_request"
handler403 = "csrplan.views.permission_denied"
handler404 = "csrplan.views.page_not_found"
handler500 = "csrplan.views.server_error"
