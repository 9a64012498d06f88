"""The demo clock (csp_portal.clock, settings.DEMO_TODAY): "today" for deadlines, overdue
actions and reminders, shown in a banner on every page."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Membership
from csp_portal import clock
from tests import factories as f
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


def test_today_is_the_real_date_unless_a_demo_date_is_set(settings):
    settings.DEMO_TODAY = None
    assert clock.today() != dt.date(2018, 3, 20)
    settings.DEMO_TODAY = dt.date(2018, 3, 20)
    assert clock.today() == dt.date(2018, 3, 20)
    assert clock.now().date() == dt.date(2018, 3, 20)


def test_every_page_shows_the_banner_only_with_a_demo_date(client, board, settings):
    settings.DEMO_TODAY = None
    assert "csp-demo-clock" not in client.get(reverse("boards:board_list")).content.decode()
    settings.DEMO_TODAY = dt.date(2018, 3, 20)
    body = client.get(reverse("boards:board_list")).content.decode()
    assert "running as at Tuesday 20 March 2018" in body


def test_overdue_actions_are_worked_out_from_the_demo_date(client, board, settings):
    user = board_user(board, Membership.Role.MEMBER)
    raised = f.MeetingFactory(board=board)
    for number, target in ((1, dt.date(2018, 3, 13)), (2, dt.date(2018, 4, 30))):
        f.ActionFactory(raised_at=raised, number=number, target_date=target).lead_people.add(
            user.person
        )
    client.force_login(user)
    settings.DEMO_TODAY = dt.date(2018, 3, 20)
    assert "1 of them overdue" in client.get(reverse("actions:my_actions")).content.decode()
    settings.DEMO_TODAY = dt.date(2018, 5, 1)
    assert "2 of them overdue" in client.get(reverse("actions:my_actions")).content.decode()


def test_the_publication_deadline_has_passed_as_at_the_demo_date(client, board, settings):
    from tests.fixtures.boards import signed_in

    signed_in(client, board, Membership.Role.CLERK)
    start = timezone.make_aware(dt.datetime(2018, 3, 28, 18, 0))
    meeting = f.MeetingFactory(board=board, start=start)
    url = reverse("boards:meeting_publish", args=[board.slug, meeting.pk])
    settings.DEMO_TODAY = dt.date(2018, 3, 1)
    assert "has passed" not in client.get(url).content.decode()
    settings.DEMO_TODAY = dt.date(2018, 12, 1)
    assert "has passed" in client.get(url).content.decode()


def test_a_demo_date_that_is_not_a_date_stops_start_up(tmp_path):
    from tests.test_settings import _run

    result = _run({"DEBUG": "1", "DEMO_TODAY": "20/03/2018"}, tmp_path)
    assert result.returncode != 0
    assert "DEMO_TODAY must be a date written YYYY-MM-DD, not '20/03/2018'" in result.stderr
    assert _run({"DEBUG": "1", "DEMO_TODAY": "2018-03-20"}, tmp_path).returncode == 0
