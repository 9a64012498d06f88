"""Drafts of forms kept as they are typed, and the timeout warning's "stay signed in"
(issue 9, "Session expiry")."""
import datetime as dt
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import Membership
from csp_portal.drafts import draft_get, draft_save
from csp_portal.models import Draft
from tests.factories import UserFactory
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db

DRAFTS = "/accounts/drafts/"
FORM = "/boards/bd-csp/meetings/1/record/"


@pytest.fixture
def user():
    return UserFactory(username="minute-taker")


def _post(client, url, data):
    return client.post(f"{DRAFTS}?url={url}", json.dumps({"data": data}),
                       content_type="application/json")


def test_a_draft_is_kept_per_user_and_form_and_read_back(client, user):
    client.force_login(user)
    response = _post(client, FORM, {"minutes-0-text": ["Typed so far"], "csrfmiddlewaretoken": "x"})
    assert response.status_code == 200 and response.json()["saved"] is True
    assert response.json()["expires_in"] == 30 * 60
    body = client.get(f"{DRAFTS}?url={FORM}").json()
    assert body["draft"]["data"] == {"minutes-0-text": ["Typed so far"]}  # no CSRF token kept
    other = UserFactory()
    client.force_login(other)
    assert client.get(f"{DRAFTS}?url={FORM}").json()["draft"] is None


def test_a_later_draft_replaces_the_earlier_and_delete_removes_it(client, user):
    client.force_login(user)
    _post(client, FORM, {"a": ["one"]})
    _post(client, FORM, {"a": ["one two"]})
    assert Draft.objects.get().data == {"a": ["one two"]}
    assert client.delete(f"{DRAFTS}?url={FORM}").json()["deleted"] == 1
    assert not Draft.objects.exists()


def test_anonymous_gets_401_so_the_page_knows_the_session_ended(client):
    assert _post(client, FORM, {"a": ["x"]}).status_code == 401
    assert client.post(reverse("session_extend")).status_code == 401
    assert not Draft.objects.exists()


@pytest.mark.parametrize("url", ["https://elsewhere.example/x", "//elsewhere.example/", "", "x"])
def test_a_draft_only_belongs_to_a_page_of_this_site(client, user, url):
    client.force_login(user)
    assert _post(client, url, {"a": ["x"]}).status_code == 400
    assert not Draft.objects.exists()


def test_an_oversized_or_unreadable_draft_is_refused(client, user, settings):
    settings.DRAFT_MAX_BYTES = 100
    client.force_login(user)
    assert _post(client, FORM, {"a": ["x" * 200]}).status_code == 400
    bad = client.post(f"{DRAFTS}?url={FORM}", "not json", content_type="application/json")
    assert bad.status_code == 400
    assert not Draft.objects.exists()


def test_stay_signed_in_renews_the_session(client, user):
    client.force_login(user)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    response = client.post(reverse("session_extend"))
    assert response.status_code == 200
    assert response.json() == {"signed_in": True, "expires_in": 30 * 60}
    left = Session.objects.get(pk=key).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_a_successful_save_clears_the_draft_and_a_refused_one_keeps_it(board):
    from tests.factories import AgendaItemFactory, MeetingFactory

    clerk = board_user(board, Membership.Role.CLERK)
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Performance")
    url = reverse("boards:agenda_item_edit", args=[board.slug, meeting.pk, item.pk])
    client = Client()
    client.force_login(clerk)
    draft_save(user=clerk, url=url, data={"title": [""]})
    assert client.post(url, {"title": ""}).status_code == 200  # refused: title required
    assert draft_get(user=clerk, url=url) is not None
    assert client.post(url, {"title": "Saved"}).status_code == 302
    assert draft_get(user=clerk, url=url) is None


def test_signed_in_pages_carry_the_timeout_warning_and_scripts_and_forms_are_marked(
    client, user, board, settings
):
    settings.SESSION_WARNING_SECONDS = 90
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'id="session-timeout"' in html
    assert 'data-session-seconds="1800"' in html and 'data-warning-seconds="90"' in html
    assert "Stay signed in" in html
    assert "csp/session_timeout.js" in html and "csp/drafts.js" in html
    assert f'data-draft-url="{DRAFTS}"' in html
    client.logout()
    html = client.get("/").content.decode()
    assert "session-timeout" not in html and "drafts.js" not in html


def test_the_long_edit_forms_are_marked_for_drafts(board, vawg, meeting):
    from subgroups.models import SubgroupReport
    from tests.factories import AgendaItemFactory, PaperFactory

    item = AgendaItemFactory(meeting=meeting, position=1)
    paper = PaperFactory(agenda_item=item)
    report = SubgroupReport.objects.create(meeting=meeting, subgroup=vawg)
    clerk = Client()
    clerk.force_login(board_user(board, Membership.Role.CLERK))
    officer = Client()
    officer.force_login(board_user(vawg, Membership.Role.OFFICER))
    pages = [
        (clerk, reverse("boards:minutes_record", args=[board.slug, meeting.pk])),
        (clerk, reverse("boards:minutes_record_item", args=[board.slug, meeting.pk, item.pk])),
        (clerk, reverse("boards:paper_edit", args=[board.slug, meeting.pk, paper.pk])),
        (clerk, reverse("boards:agenda_item_edit", args=[board.slug, meeting.pk, item.pk])),
        (officer, reverse("subgroups:report_edit", args=[vawg.slug, report.pk])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "data-draft" in response.content.decode(), url


def test_drafts_nobody_came_back_to_are_purged(user, settings):
    from csp_portal.tasks import purge_old_drafts

    settings.DRAFT_KEEP_DAYS = 30
    old = draft_save(user=user, url="/old/", data={"a": ["x"]})
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=31))
    draft_save(user=user, url="/recent/", data={"a": ["y"]})
    assert purge_old_drafts() == 1
    assert list(Draft.objects.values_list("url", flat=True)) == ["/recent/"]


def test_beat_purges_drafts_daily(settings):
    from csp_portal.celery import app

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "csp_portal.purge_old_drafts"]
    assert [e["schedule"] for e in entries] == [86400.0]
    app.loader.import_default_modules()
    assert "csp_portal.purge_old_drafts" in app.tasks
