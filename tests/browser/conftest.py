"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Fixtures: ``browser`` (one Chromium for the run), ``page`` (a fresh context at
the live server), ``sign_in(page, user)``; and ``assert_accessible(page)``,
which runs axe-core on the page for WCAG 2.2 A and AA and fails on any
violation. Off CI a missing Chromium skips these tests; with CI set it fails.
"""
import os
import shutil

import pytest

from tests.browser.helpers import BROWSER_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test's thread; the ORM calls
# that tests make between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _browser_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sign_in():
    """``sign_in(page, user)``: sign in through the portal's sign-in page.

    ``user`` must have BROWSER_PASSWORD as its password (tests.browser.helpers.browser_user).
    """

    def _sign_in(page, user, next_path: str = "/") -> None:
        page.goto(f"/accounts/login/?next={next_path}")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(BROWSER_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "sign-in failed"

    return _sign_in


@pytest.fixture
def assert_accessible():
    from tests.browser.helpers import assert_accessible as check

    return check
