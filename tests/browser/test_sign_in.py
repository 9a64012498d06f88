"""Signing in and out in the browser, and the public pages, checked with axe-core."""
import pytest

from tests.browser.helpers import browser_user
from tests.factories import BoardFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_board_list_and_sign_in_page_are_accessible(page, assert_accessible):
    BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    page.goto("/")
    assert page.get_by_role("link", name="Community Safety Partnership Board").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert_accessible(page)


def test_wrong_password_shows_an_error_summary_and_keeps_the_username(page, assert_accessible):
    browser_user("officer")
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Username").input_value() == "officer"
    assert_accessible(page)


def test_sign_in_and_out(page, sign_in):
    board = BoardFactory(slug="bd-csp")
    user = browser_user("clerk", board=board, role="clerk")
    sign_in(page, user)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_the_accessibility_check_fails_on_a_violation(page, assert_accessible):
    page.set_content('<html lang="en"><head><title>t</title></head>'
                     '<body><main><img src="chart.png"></main></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
