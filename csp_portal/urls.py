"""Root URLs. Every view outside the admin declares its access rule (boards.access)."""
from django.contrib import admin
from django.urls import include, path

from boards.access import public_view

from . import accounts
from .views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # The container health check: "ok", or 503 with the reason the database is unavailable.
    path("healthz", public_view(healthz), name="healthz"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", accounts.logout, name="logout"),
    path("", include("boards.urls")),
    path("", include("actions.urls")),
    path("", include("subgroups.urls")),
    path("", include("indicators.urls")),
    path("", include("plans.urls")),
    path("", include("partnerships.urls")),
]
