"""A clerk sees their tasks on the home page, searches from the header, and chooses the weekly
digest; someone follows an email's unsubscribe link. Every page through axe-core."""
import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Preference
from notifications.sending import unsubscribe_token
from tests.browser.helpers import browser_user
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_tasks_search_and_email_preferences(page, sign_in, assert_accessible, settings):
    settings.DEMO_TODAY = dt.date(2018, 3, 20)
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    held = MeetingFactory(board=board, status="agenda_published",
                          start=timezone.make_aware(dt.datetime(2018, 1, 24, 10)))
    AgendaItemFactory(meeting=held, title="Burglary reduction plan",
                      description="Partners will reduce burglary in Barking.")
    MeetingFactory(board=board, status="planned",
                   start=timezone.make_aware(dt.datetime(2018, 3, 28, 10)))
    clerk = browser_user("jade-clerk", board=board, role="clerk")
    ActionFactory(raised_at=held, number=1, target_date=dt.date(2018, 3, 1),
                  description="Map burglary hotspots").lead_people.add(clerk.person)

    sign_in(page, clerk)
    page.goto("/")
    tasks = page.locator("section[aria-labelledby=your-tasks]").inner_text()
    assert "Minutes to record (1)" in tasks and "Agenda packs to publish (1)" in tasks
    assert "Map burglary hotspots" in tasks and "Overdue" in tasks
    assert "running as at Tuesday 20 March 2018" in page.locator(".csp-demo-clock").inner_text()
    assert_accessible(page)

    page.get_by_label("Search the portal").fill("burglary")
    page.get_by_role("search", name="Portal").get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    results = page.locator(".csp-search-results").inner_text()
    assert "Burglary reduction plan" in results and "Map burglary hotspots" in results
    assert page.locator(".csp-search-results mark").count() >= 2
    assert_accessible(page)

    page.get_by_role("link", name="Email preferences").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Only the weekly digest").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Your email preferences are saved" in page.content()
    assert Preference.objects.get(person=clerk.person).frequency == "digest"
    assert_accessible(page)


def test_unsubscribe_link(page, assert_accessible):
    person = PersonFactory(email="orla@example.org")
    page.goto(f"/emails/unsubscribe/{unsubscribe_token(person)}/")
    assert_accessible(page)
    page.get_by_role("button", name="Stop emails").click()
    page.wait_for_load_state()
    assert "You will get no more emails" in page.content()
    assert_accessible(page)
    assert Preference.objects.get(person=person).frequency == "none"
