"""Root URLs. Every view outside the admin declares its access rule (boards.access)."""
from django.contrib import admin
from django.urls import include, path

from boards.access import public_view

from . import accounts, session_views
from .views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # The container health check: "ok", or 503 with the reason the database is unavailable.
    path("healthz", public_view(healthz), name="healthz"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", accounts.logout, name="logout"),
    path("accounts/password-reset/", accounts.password_reset, name="password_reset"),
    path("accounts/password-reset/sent/", accounts.password_reset_done,
         name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", accounts.password_reset_confirm,
         name="password_reset_confirm"),
    path("accounts/reset/done/", accounts.password_reset_complete,
         name="password_reset_complete"),
    path("accounts/two-factor/", accounts.two_factor_settings, name="two_factor_settings"),
    path("accounts/two-factor/code/", accounts.two_factor_verify, name="two_factor_verify"),
    # Called by page scripts: "stay signed in" and drafts of forms as they are typed.
    path("accounts/session/extend/", session_views.session_extend, name="session_extend"),
    path("accounts/drafts/", session_views.draft, name="form_draft"),
    path("", include("boards.urls")),
    path("", include("actions.urls")),
    path("", include("subgroups.urls")),
    path("", include("indicators.urls")),
    path("", include("plans.urls")),
    path("", include("partnerships.urls")),
    path("", include("notifications.urls")),
    path("", include("search.urls")),
]

handler400 = "csp_portal.views.bad_request"
