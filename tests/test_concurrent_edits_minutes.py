"""Two people recording the same meeting on its items' pages: a stale save is refused with
the conflict page, nothing typed is lost, and saving one item's minute never rewrites
another's (issue 9)."""
import datetime as dt

import pytest
from django.utils import timezone

from boards.minutes import services
from boards.models import Meeting, Minute
from csp_portal.concurrency import EditConflict, version_claim
from csp_portal.models import Draft
from tests.factories import AgendaItemFactory, MeetingFactory, MinuteFactory
from tests.fixtures.boards import board_user
from tests.test_views_minutes_record import item_url, minute_data, page_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(
        board=board, start=timezone.now() - dt.timedelta(days=2),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )


@pytest.fixture
def items(meeting):
    first = AgendaItemFactory(meeting=meeting, position=1, title="Introductions")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Community safety plan")
    sub = AgendaItemFactory(meeting=meeting, parent=second, position=1, title="Funding")
    return first, second, sub


@pytest.fixture
def officer(board):
    return board_user(board, "officer", username="officer", name="Olive Officer")


@pytest.fixture
def other(board):
    return board_user(board, "officer", username="other", name="Otto Other")


def test_a_stale_save_of_the_same_minute_is_refused_with_both_versions(
    client, meeting, officer, other, items
):
    first, _, _ = items
    MinuteFactory(agenda_item=first, text="Read by both")
    page = item_url(first)
    client.force_login(officer)
    mine = minute_data(client.get(page))
    client.force_login(other)
    theirs = minute_data(client.get(page))
    theirs["minute-text"] = "Their minute, saved first"
    assert client.post(page, theirs).status_code == 302

    client.force_login(officer)
    mine["minute-text"] = "My minute, typed at the same time"
    response = client.post(page, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed" in html
    assert "Their minute, saved first" in html
    assert "My minute, typed at the same time" in html
    assert Minute.objects.get(agenda_item=first).text == "Their minute, saved first"
    # What was typed is kept as a draft, over the saved version, so a second save is deliberate.
    draft = Draft.objects.get(user=officer, url=page)
    assert draft.data["minute-text"] == ["My minute, typed at the same time"]
    saved_version = Minute.objects.get(agenda_item=first).version
    assert draft.data["minute-version"] == [str(saved_version)]
    again = {k: v[0] for k, v in draft.data.items()}
    assert client.post(page, again).status_code == 302
    assert Minute.objects.get(agenda_item=first).text == "My minute, typed at the same time"
    assert not Draft.objects.filter(user=officer).exists()  # cleared by the successful save


def test_saving_an_items_declarations_never_overwrites_its_minute_saved_meanwhile(
    client, meeting, officer, other, items
):
    first, second, _ = items
    MinuteFactory(agenda_item=first, text="First, as read")
    MinuteFactory(agenda_item=second, text="Second, as read")
    client.force_login(officer)
    mine = minute_data(client.get(item_url(first)))
    mine_second = minute_data(client.get(item_url(second)))
    client.force_login(other)
    theirs = minute_data(client.get(item_url(first)))
    theirs["minute-text"] = "First, changed by the other minute taker"
    assert client.post(item_url(first), theirs).status_code == 302

    client.force_login(officer)
    mine.update({"declarations-0-person": str(officer.person.pk),
                 "declarations-0-nature": "Trustee of the charity"})
    assert client.post(item_url(first), mine).status_code == 302  # the minute left unchanged
    mine_second["minute-text"] = "Second, changed by me"
    assert client.post(item_url(second), mine_second).status_code == 302
    assert Minute.objects.get(agenda_item=first).text == "First, changed by the other minute taker"
    assert Minute.objects.get(agenda_item=second).text == "Second, changed by me"
    assert first.declarations.get().nature == "Trustee of the charity"


def test_two_first_minutes_of_the_same_item_conflict(client, meeting, officer, other, items):
    first, _, _ = items
    page = item_url(first)
    client.force_login(officer)
    mine = minute_data(client.get(page))
    assert mine["minute-version"] == "0"
    client.force_login(other)
    theirs = minute_data(client.get(page))
    theirs["minute-text"] = "Theirs"
    assert client.post(page, theirs).status_code == 302
    client.force_login(officer)
    mine["minute-text"] = "Mine"
    assert client.post(page, mine).status_code == 409
    assert Minute.objects.get(agenda_item=first).text == "Theirs"


def test_a_removed_minute_conflicts_with_a_stale_edit(client, meeting, officer, other, items):
    first, _, _ = items
    MinuteFactory(agenda_item=first, text="Will be removed")
    page = item_url(first)
    client.force_login(officer)
    mine = minute_data(client.get(page))
    client.force_login(other)
    theirs = minute_data(client.get(page))
    theirs["minute-text"] = ""
    assert client.post(page, theirs).status_code == 302
    client.force_login(officer)
    mine["minute-text"] = "An edit of the removed minute"
    assert client.post(page, mine).status_code == 409
    assert not Minute.objects.filter(agenda_item=first).exists()


def test_the_service_refuses_a_stale_version_and_writes_nothing(meeting, officer, items):
    first, second, _ = items
    minute = MinuteFactory(agenda_item=first, text="v1")
    version_claim(obj=minute, expected_version=minute.version)  # someone else saved
    with pytest.raises(services.MinutesConflict) as caught:
        services.meeting_record_save(
            meeting=meeting, actor=officer, attendance=[], declarations=[],
            minutes=[services.MinuteInput(agenda_item=first, text="stale", version=1),
                     services.MinuteInput(agenda_item=second, text="new", version=0)],
        )
    assert [m.pk for _, m in caught.value.conflicts] == [minute.pk]
    assert not Minute.objects.filter(agenda_item=second).exists()


def test_version_claim_is_a_conditional_update(meeting, items):
    minute = MinuteFactory(agenda_item=items[0], text="x")
    assert minute.version == 1
    assert version_claim(obj=minute, expected_version=1) == 2
    with pytest.raises(EditConflict) as caught:
        version_claim(obj=Minute.objects.get(pk=minute.pk), expected_version=1)
    assert (caught.value.expected_version, caught.value.current_version) == (1, 2)
    assert version_claim(obj=minute, expected_version=None) == 3


def test_saving_minutes_keeps_attendance_someone_else_recorded_meanwhile(
    client, meeting, officer, other, items
):
    client.force_login(officer)
    mine = page_data(client.get(url(meeting)))
    client.force_login(other)
    theirs = page_data(client.get(url(meeting)))
    theirs["members-0-status"] = "present"
    assert client.post(url(meeting), theirs).status_code == 302

    client.force_login(officer)
    page = minute_data(client.get(item_url(items[0])))
    page["minute-text"] = "Only a minute changed here"
    assert client.post(item_url(items[0]), page).status_code == 302
    assert client.post(url(meeting), mine).status_code == 302  # the attendance unchanged here
    assert meeting.attendances.get().status == "present"
    assert Minute.objects.get(agenda_item=items[0]).text == "Only a minute changed here"


def test_two_changes_to_the_attendance_conflict(client, meeting, officer, other, items):
    client.force_login(officer)
    mine = page_data(client.get(url(meeting)))
    client.force_login(other)
    theirs = page_data(client.get(url(meeting)))
    theirs["members-0-status"] = "present"
    assert client.post(url(meeting), theirs).status_code == 302

    client.force_login(officer)
    mine["members-0-status"] = "apologies"
    response = client.post(url(meeting), mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed the attendance" in html
    assert ": Present" in html and ": Apologies" in html
    assert meeting.attendances.get().status == "present"


def test_two_changes_to_an_items_declarations_conflict(client, meeting, officer, other, items):
    first, _, _ = items
    page = item_url(first)
    client.force_login(officer)
    mine = minute_data(client.get(page))
    client.force_login(other)
    theirs = minute_data(client.get(page))
    theirs.update({"declarations-0-person": str(other.person.pk),
                   "declarations-0-nature": "Trustee of the refuge"})
    assert client.post(page, theirs).status_code == 302

    client.force_login(officer)
    mine.update({"declarations-0-person": str(officer.person.pk),
                 "declarations-0-nature": "Works for the council"})
    response = client.post(page, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Trustee of the refuge" in html and "Works for the council" in html
    assert [d.nature for d in first.declarations.all()] == ["Trustee of the refuge"]
