"""The sign-in page: GOV.UK form, redirects, throttling (django-axes) and idle expiry."""
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"


@pytest.fixture
def user(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = UserFactory(username="officer")
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, password, next_url=""):
    return client.post(
        reverse("login"), {"username": "officer", "password": password, "next": next_url},
        REMOTE_ADDR="10.0.0.1",
    )


def test_signing_in_goes_to_next(client, user):
    response = _sign_in(client, PASSWORD, next_url="/my-actions/")
    assert response.status_code == 302
    assert response["Location"] == "/my-actions/"


def test_next_to_another_host_is_ignored(client, user):
    response = _sign_in(client, PASSWORD, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:board_list")


def test_a_wrong_password_reshows_the_form_with_the_username(client, user):
    response = _sign_in(client, "wrong")
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'value="officer"' in body
    assert "<title>Error: Sign in" in body


def test_repeated_failures_lock_the_username_out(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "wrong").status_code == 200
    locked = _sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert _sign_in(client, PASSWORD).status_code == 429


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 60 * 60


def test_an_idle_session_is_signed_out(client, user, settings):
    client.force_login(user)
    session = client.session
    session.set_expiry(-1)  # as if SESSION_COOKIE_AGE had passed since the last request
    session.save()
    response = client.get(reverse("actions:action_log", kwargs={"slug": "x"}))
    assert response.status_code in (302, 404)
    assert not response.wsgi_request.user.is_authenticated


def test_403_and_404_pages_are_govuk_pages(client, user, settings):
    settings.DEBUG = False
    response = client.get("/boards/no-such-board/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
