"""Shared fixtures."""
import pytest

from csp_portal.celery import app as celery_app

pytest_plugins = [
    "tests.fixtures.boards",
    "tests.fixtures.subgroups",
    "tests.fixtures.mail",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes rendered files under its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users' passwords are hashed with MD5, not PBKDF2's million rounds (~0.4 s a
    user or sign-in on CI's machine). Production keeps Django's default hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Run tasks in-process unless a test asks for the real worker.

    CI sets CELERY_BROKER_URL for the whole run so that the worker test can use
    Redis; every other test still runs its tasks eagerly, as the embedded
    default does.
    """
    if request.node.get_closest_marker("real_worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Tests run with DEBUG off, as production does, but talk plain HTTP to the app, as the
    TLS-terminating proxy does; tests/test_deploy.py checks the redirect itself.

    Session-wide and before the live server starts: SecurityMiddleware reads the
    setting once, when the server's handler loads it.
    """
    from django.conf import settings

    previous = settings.SECURE_SSL_REDIRECT
    settings.SECURE_SSL_REDIRECT = False
    yield
    settings.SECURE_SSL_REDIRECT = previous


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (it counts password reset requests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Pages link static files; tests run without collectstatic's manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
