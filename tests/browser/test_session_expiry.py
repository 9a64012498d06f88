"""A minute taker types an item's minute past the idle timeout: the timeout warning offers
"Stay signed in", and when the session does end, what was typed comes back after signing in
again (issues 9 and 11)."""
import datetime as dt
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.utils import timezone

from boards.models import Meeting, Minute
from csp_portal.models import Draft
from tests.browser.helpers import BROWSER_PASSWORD, browser_user
from tests.factories import AgendaItemFactory, BoardFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

IDLE_SECONDS = 14
WARNING_SECONDS = 7


def _wait_for(condition, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OperationalError:
            # SQLite's shared in-memory test database refuses a read while the live
            # server writes the same table; read again.
            pass
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_session_ends_mid_typing_and_the_text_survives_sign_in(
    page, sign_in, settings, assert_accessible
):
    settings.SESSION_COOKIE_AGE = IDLE_SECONDS
    settings.SESSION_WARNING_SECONDS = WARNING_SECONDS
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    taker = browser_user("mina-taker", board=board, role="officer", name="Mina Taker")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=1),
                             status=Meeting.Status.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, position=1, title="Introductions and apologies")
    item = AgendaItemFactory(meeting=meeting, position=2, title="Performance")
    record = f"/boards/bd-csp/meetings/{meeting.pk}/record/items/{item.pk}/"

    sign_in(page, taker, next_path=record)
    minute = page.get_by_label("Minute of item 2", exact=True)
    minute.click()
    page.keyboard.type("Burglary is up 26.1%. ")
    _wait_for(lambda: Draft.objects.filter(user=taker, url=record).exists())

    # The warning opens before the session ends; "Stay signed in" keeps it going.
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name="You’re about to be signed out").wait_for()
    assert_accessible(page)
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    page.keyboard.type("The board discussed the increase")
    _wait_for(lambda: "discussed" in Draft.objects.get(user=taker, url=record)
              .data["minute-text"][0])

    # Then the minute taker stops to listen for longer than the idle timeout.
    dialog.get_by_role("heading", name="You have been signed out").wait_for(
        timeout=(IDLE_SECONDS + 5) * 1000)
    assert not page.evaluate("fetch('/accounts/drafts/?url=/').then(r => r.ok)")
    dialog.get_by_role("link", name="Sign in again").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill(taker.username)
    page.get_by_label("Password").fill(BROWSER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    assert page.url.endswith(record)
    page.get_by_text("We have put back what you typed and had not saved.").wait_for()
    restored = page.get_by_label("Minute of item 2", exact=True)
    assert restored.input_value() == (
        "Burglary is up 26.1%. The board discussed the increase"
    )
    restored.press("End")
    page.keyboard.type(".")
    page.get_by_role("button", name="Save item 2").click()
    page.wait_for_load_state()
    assert page.get_by_text("The minute of item 2 has been saved.").is_visible()
    assert Minute.objects.get(agenda_item=item).text == (
        "Burglary is up 26.1%. The board discussed the increase."
    )
    assert not Draft.objects.filter(user=taker).exists()


def test_text_typed_after_the_session_ended_on_the_server_comes_back_too(page, sign_in):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    taker = browser_user("mina-taker", board=board, role="officer", name="Mina Taker")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=1),
                             status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Introductions and apologies")
    record = f"/boards/bd-csp/meetings/{meeting.pk}/record/items/{item.pk}/"

    sign_in(page, taker, next_path=record)
    page.get_by_label("Minute of item 1", exact=True).click()
    page.keyboard.type("Apologies were received")
    _wait_for(lambda: Draft.objects.filter(user=taker, url=record).exists())
    # The session ends on the server (as after a restart); SQLite may be busy a moment.
    _wait_for(lambda: Session.objects.all().delete() is not None)
    page.keyboard.type(" from the borough commander.")

    dialog = page.get_by_role("dialog")
    dialog.get_by_role("heading", name="You have been signed out").wait_for()
    dialog.get_by_role("link", name="Sign in again").click()
    page.get_by_label("Username").fill(taker.username)
    page.get_by_label("Password").fill(BROWSER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    page.get_by_text("We have put back what you typed and had not saved.").wait_for()
    text = "Apologies were received from the borough commander."
    assert page.get_by_label("Minute of item 1", exact=True).input_value() == text
    # What only this tab held is on the server again.
    _wait_for(lambda: Draft.objects.get(user=taker, url=record).data["minute-text"] == [text])


def test_a_refused_save_shows_what_was_typed_last_not_an_older_draft(page, sign_in):
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    taker = browser_user("mina-taker", board=board, role="officer", name="Mina Taker")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=1),
                             status=Meeting.Status.AGENDA_PUBLISHED)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Introductions and apologies")
    record = f"/boards/bd-csp/meetings/{meeting.pk}/record/items/{item.pk}/"
    visitor = PersonFactory(name="Sam Substitute")

    sign_in(page, taker, next_path=record)
    minute = page.get_by_label("Minute of item 1", exact=True)
    minute.click()
    page.keyboard.type("Apologies were received")
    _wait_for(lambda: Draft.objects.filter(user=taker, url=record).exists())
    page.keyboard.type(" from the borough commander.")
    # A declaration with no nature: the save is refused and the page shown again.
    page.get_by_label("Who declared an interest in item 1").select_option(value=str(visitor.pk))
    page.get_by_role("button", name="Save item 1").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    text = "Apologies were received from the borough commander."
    _wait_for(lambda: Draft.objects.get(user=taker, url=record).data["minute-text"] == [text])
    time.sleep(1)
    assert page.get_by_label("Minute of item 1", exact=True).input_value() == text
    assert page.get_by_text("We have put back what you typed").count() == 0
