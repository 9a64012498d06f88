"""Signing in and out, password reset by email and two-factor sign-in, on GOV.UK pages.

Sign-in is throttled by django-axes (settings: AXES_*); password reset requests
by django-ratelimit, per address and per email address (PASSWORD_RESET_RATE*).
Django's own views do the work; these subclasses add the GOV.UK templates, the
throttle and the two-factor step (csp_portal.two_factor).
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_ratelimit.core import is_ratelimited

from boards.access import login_required_view, public_view

from . import two_factor

THROTTLED_MESSAGE = (
    "There have been too many requests to reset a password. Wait an hour and try again."
)


class SignInView(auth_views.LoginView):
    """The password step; a user with two-factor sign-in on is sent on to the code step."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if two_factor.two_factor_device(form.get_user()) is not None:
            self.request.session[two_factor.PENDING_SESSION_KEY] = True
            target = reverse("two_factor_verify")
            return redirect(f"{target}?{urlencode({'next': self.get_success_url()})}")
        return response


login = public_view(SignInView.as_view())
"""GET shows the sign-in form; POST signs in and redirects to ``next`` (same host only)."""

logout = login_required_view(auth_views.LogoutView.as_view())
"""POST signs out and returns to the board list (Django refuses GET logouts)."""


def _email_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def password_reset_throttled(request: HttpRequest) -> bool:
    """True when this POST is over PASSWORD_RESET_RATE for its email address or
    PASSWORD_RESET_RATE_PER_ADDRESS for its client address; counts the request."""
    by_address = is_ratelimited(
        request, group="password_reset_address", key="ip",
        rate=settings.PASSWORD_RESET_RATE_PER_ADDRESS, method="POST", increment=True,
    )
    by_email = bool(_email_key("", request)) and is_ratelimited(
        request, group="password_reset_email", key=_email_key,
        rate=settings.PASSWORD_RESET_RATE, method="POST", increment=True,
    )
    return by_address or by_email


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by email. The answer never says whether the address is known."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "reset_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def get_extra_email_context(self):
        return {"timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)

    def post(self, request, *args, **kwargs):
        if password_reset_throttled(request):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, THROTTLED_MESSAGE)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


password_reset = public_view(PasswordResetView.as_view())
password_reset_done = public_view(auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
))
password_reset_confirm = public_view(auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("password_reset_complete"),
))
password_reset_complete = public_view(auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
))


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code", max_length=12,
        help_text="The 6-digit code your authenticator app shows now.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required_view
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code step of signing in: POST a code from the app to reach ``next``."""
    if not request.session.get(two_factor.PENDING_SESSION_KEY):
        return redirect(_safe_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(_safe_next(request))
        form.add_error("code", "The code is wrong or has expired. Enter the code the app "
                               "shows now (after several wrong codes, wait a little).")
    return render(request, "registration/two_factor_verify.html", {
        "form": form, "next": _safe_next(request),
    })


@login_required_view
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (clerks, chairs and staff) or off, each with a code."""
    offered = two_factor.two_factor_offered(request.user)
    device = two_factor.two_factor_device(request.user)
    form = CodeForm(request.POST or None)
    new_device = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if device is not None:
            if two_factor.two_factor_disable(request=request, code=code):
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("two_factor_settings")
        elif offered:
            new_device = two_factor.two_factor_device_start(user=request.user)
            if two_factor.two_factor_confirm(request=request, device=new_device, code=code):
                messages.success(request, "Two-factor sign-in is on. You will be asked for a "
                                          "code from your app each time you sign in.")
                return redirect("two_factor_settings")
        form.add_error("code", "The code is wrong or has expired. Enter the code the app "
                               "shows now.")
    if device is None and offered:
        new_device = new_device or two_factor.two_factor_device_start(user=request.user)
    context = {"offered": offered, "device": device, "form": form, "new_device": new_device}
    if new_device is not None:
        context["qr_data_uri"] = two_factor.two_factor_qr_data_uri(new_device)
        context["key_text"] = two_factor.two_factor_key_text(new_device)
    return render(request, "registration/two_factor_settings.html", context)
