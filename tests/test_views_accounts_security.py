"""Password reset by email (throttled) and optional two-factor sign-in for clerks and chairs."""
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from boards.models import Membership
from csp_portal.models import AuditEntry
from tests.factories import BoardFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(role=None, **fields):
    user = UserFactory(**fields)
    user.set_password(PASSWORD)
    user.save()
    if role:
        MembershipFactory(board=BoardFactory(), person=PersonFactory(user=user), role=role)
    return user


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


# --- password reset ---------------------------------------------------------------------------


def test_a_reset_link_by_email_sets_a_new_password(client):
    user = _user(email="jade@example.org", username="jade")
    page = client.get(reverse("password_reset"))
    assert "Reset your password" in page.content.decode()
    assert 'class="govuk-input' in page.content.decode()

    response = client.post(reverse("password_reset"), {"email": "Jade@Example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jade@example.org"]
    assert "Reset your CSP Portal password" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {
        "new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase",
    })
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    # The link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_requests_are_throttled_per_email_address(client, settings):
    settings.PASSWORD_RESET_RATE = "3/h"
    _user(email="chair@example.org")
    url = reverse("password_reset")
    for _ in range(3):
        assert client.post(url, {"email": "chair@example.org"}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "CHAIR@example.org"})
    assert response.status_code == 429
    assert "too many requests to reset a password" in response.content.decode()
    assert 'value="CHAIR@example.org"' in response.content.decode(), "what was typed is kept"
    assert len(mail.outbox) == 3


def test_reset_requests_are_throttled_per_client_address(client, settings):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "2/h"
    url = reverse("password_reset")
    for n in range(2):
        assert client.post(url, {"email": f"x{n}@example.org"}).status_code == 302
    assert client.post(reverse("password_reset"), {"email": "x9@example.org"}).status_code == 429


def test_the_sign_in_page_links_to_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


# --- two-factor sign-in -----------------------------------------------------------------------


def _turn_on(client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("two_factor_settings")).content.decode()
    assert "Turn on two-factor sign-in" in page and "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_settings"), {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.parametrize("role", [Membership.Role.CLERK, Membership.Role.CHAIR])
def test_clerks_and_chairs_turn_it_on_and_then_sign_in_with_a_code(client, role):
    user = _user(role, username="clerk")
    device = _turn_on(client, user)
    assert AuditEntry.objects.filter(action="two_factor.enabled", object_id=str(user.pk)).exists()
    client.post(reverse("logout"))

    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD,
                                              "next": "/my-actions/"})
    code_page = reverse("two_factor_verify")
    assert response["Location"].startswith(code_page)
    # Until the code is given, every other page leads back to the code page.
    blocked = client.get(reverse("boards:board_list"))
    assert blocked.status_code == 302 and blocked["Location"].startswith(code_page)

    wrong = client.post(code_page, {"code": "000000", "next": "/my-actions/"})
    assert wrong.status_code == 200 and "The code is wrong" in wrong.content.decode()
    assert client.get(reverse("boards:board_list"))["Location"].startswith(code_page)

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(code_page, {"code": _code(device, steps_ahead=1), "next": "/my-actions/"})
    assert right.status_code == 302 and right["Location"] == "/my-actions/"
    assert client.get(reverse("boards:board_list")).status_code == 200


def test_without_two_factor_signing_in_takes_the_password_only(client):
    _user(Membership.Role.CLERK, username="clerk")
    response = client.post(reverse("login"), {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(reverse("boards:board_list")).status_code == 200


def test_an_officer_is_not_offered_two_factor_sign_in(client):
    client.force_login(_user(Membership.Role.OFFICER))
    page = client.get(reverse("two_factor_settings")).content.decode()
    assert "offered to the clerks and chairs" in page
    client.post(reverse("two_factor_settings"), {"code": "123456"})
    assert not TOTPDevice.objects.exists()


def test_turning_it_off_needs_a_code(client):
    user = _user(Membership.Role.CHAIR)
    device = _turn_on(client, user)
    wrong = client.post(reverse("two_factor_settings"), {"code": "000000"})
    assert wrong.status_code == 200 and TOTPDevice.objects.filter(user=user).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    client.post(reverse("two_factor_settings"), {"code": _code(device, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="two_factor.disabled").exists()
