"""Optional two-factor sign-in with an authenticator app (TOTP, django-otp), for clerks and chairs.

A clerk or chair (of any board) or a staff user may turn it on: the portal
makes an unconfirmed TOTPDevice, shows its key, and confirms it once the user
types a code the app shows. From then on signing in takes the password and
then a code (csp_portal.accounts.two_factor_verify); until the code is given,
TwoFactorMiddleware lets the session reach nothing but that page and sign-out.
Wrong codes slow further tries down (django-otp's throttling). Turning it on
and off is audited.
"""
from __future__ import annotations

import base64
from typing import Any

import segno
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from boards.access import Role, user_is_staff, user_roles_by_board

from .audit import audit_entry_create

PENDING_SESSION_KEY = "csp_two_factor_pending"
"""Set in the session at sign-in when the user's password is right but a code is still due."""

DEVICE_NAME = "Authenticator app"


def two_factor_offered(user: Any) -> bool:
    """True for staff and for users who are clerk or chair of at least one board today."""
    if user_is_staff(user):
        return True
    return any(
        roles & {Role.CLERK, Role.CHAIR} for roles in user_roles_by_board(user).values()
    )


def two_factor_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator app, or None when two-factor sign-in is off."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_device_start(*, user: Any) -> TOTPDevice:
    """The user's unconfirmed device, made with a new random key if there is none."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def two_factor_key_text(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, to type into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def two_factor_qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as a QR code: an SVG ``data:`` URI for an <img>."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


@transaction.atomic
def two_factor_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Turn two-factor sign-in on with ``device`` when ``code`` is right; False otherwise.

    Removes any other device of the user, marks this session as verified and
    writes an audit entry.
    """
    if not device.verify_token(code.replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    audit_entry_create(obj=device.user, action="two_factor.enabled", actor=request.user,
                       summary="Two-factor sign-in turned on")
    return True


@transaction.atomic
def two_factor_disable(*, request: HttpRequest, code: str) -> bool:
    """Turn two-factor sign-in off when ``code`` is right for the user's device; False otherwise."""
    device = two_factor_device(request.user)
    if device is None or not device.verify_token(code.replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=request.user).delete()
    audit_entry_create(obj=request.user, action="two_factor.disabled", actor=request.user,
                       summary="Two-factor sign-in turned off")
    return True


def two_factor_verify(*, request: HttpRequest, code: str) -> bool:
    """Finish signing in with a code from the user's app; False when it is wrong or throttled."""
    device = two_factor_device(request.user)
    if device is None or not device.verify_token(code.replace(" ", "")):
        return False
    otp_login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    return True


class TwoFactorMiddleware:
    """Until a pending code is given, a session reaches only the code page and sign-out.

    After django_otp.middleware.OTPMiddleware. Every other URL redirects to the
    code page with ``next``; the flag is set at sign-in (accounts.SignInView).
    """

    ALLOWED_URL_NAMES = ("two_factor_verify", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(PENDING_SESSION_KEY) and request.user.is_authenticated:
            allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in allowed and not request.path.startswith("/static/"):
                target = reverse("two_factor_verify")
                return HttpResponseRedirect(
                    f"{target}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)
