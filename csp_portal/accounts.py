"""Signing in and out with GOV.UK pages; throttled by django-axes (settings: AXES_*)."""
from django.contrib.auth import views as auth_views

from boards.access import login_required_view, public_view

login = public_view(
    auth_views.LoginView.as_view(
        template_name="registration/login.html", redirect_authenticated_user=True
    )
)
"""GET shows the sign-in form; POST signs in and redirects to ``next`` (same host only)."""

logout = login_required_view(auth_views.LogoutView.as_view())
"""POST signs out and returns to the board list (Django refuses GET logouts)."""
