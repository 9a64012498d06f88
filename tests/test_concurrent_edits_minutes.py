"""Two people recording the same meeting: a stale save is refused with the conflict page,
nothing typed is lost, and saving one item's minute never rewrites another's (issue 9)."""
import datetime as dt

import pytest
from django.utils import timezone

from boards.minutes import services
from boards.models import Meeting, Minute
from csp_portal.concurrency import EditConflict, version_claim
from csp_portal.models import Draft
from tests.factories import AgendaItemFactory, MeetingFactory, MinuteFactory
from tests.fixtures.boards import board_user
from tests.test_views_minutes_record import page_data, url

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
    client.force_login(officer)
    mine = page_data(client.get(url(meeting)))
    client.force_login(other)
    theirs = page_data(client.get(url(meeting)))
    theirs["minutes-0-text"] = "Their minute, saved first"
    assert client.post(url(meeting), theirs).status_code == 302

    client.force_login(officer)
    mine["minutes-0-text"] = "My minute, typed at the same time"
    response = client.post(url(meeting), mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed" in html
    assert "Their minute, saved first" in html
    assert "My minute, typed at the same time" in html
    assert Minute.objects.get(agenda_item=first).text == "Their minute, saved first"
    # What was typed is kept as a draft, over the saved version, so a second save is deliberate.
    draft = Draft.objects.get(user=officer, url=url(meeting))
    assert draft.data["minutes-0-text"] == ["My minute, typed at the same time"]
    saved_version = Minute.objects.get(agenda_item=first).version
    assert draft.data["minutes-0-version"] == [str(saved_version)]
    again = {k: v[0] for k, v in draft.data.items()}
    assert client.post(url(meeting), again).status_code == 302
    assert Minute.objects.get(agenda_item=first).text == "My minute, typed at the same time"
    assert not Draft.objects.filter(user=officer).exists()  # cleared by the successful save


def test_saving_one_items_minute_never_overwrites_another_items_minute(
    client, meeting, officer, other, items
):
    first, second, _ = items
    MinuteFactory(agenda_item=first, text="First, as read")
    MinuteFactory(agenda_item=second, text="Second, as read")
    client.force_login(officer)
    mine = page_data(client.get(url(meeting)))
    client.force_login(other)
    theirs = page_data(client.get(url(meeting)))
    theirs["minutes-0-text"] = "First, changed by the other minute taker"
    assert client.post(url(meeting), theirs).status_code == 302

    client.force_login(officer)
    mine["minutes-1-text"] = "Second, changed by me"
    assert client.post(url(meeting), mine).status_code == 302
    assert Minute.objects.get(agenda_item=first).text == "First, changed by the other minute taker"
    assert Minute.objects.get(agenda_item=second).text == "Second, changed by me"


def test_two_first_minutes_of_the_same_item_conflict(client, meeting, officer, other, items):
    first, _, _ = items
    client.force_login(officer)
    mine = page_data(client.get(url(meeting)))
    assert mine["minutes-0-version"] == "0"
    client.force_login(other)
    theirs = page_data(client.get(url(meeting)))
    theirs["minutes-0-text"] = "Theirs"
    assert client.post(url(meeting), theirs).status_code == 302
    client.force_login(officer)
    mine["minutes-0-text"] = "Mine"
    assert client.post(url(meeting), mine).status_code == 409
    assert Minute.objects.get(agenda_item=first).text == "Theirs"


def test_a_removed_minute_conflicts_with_a_stale_edit(client, meeting, officer, other, items):
    first, _, _ = items
    MinuteFactory(agenda_item=first, text="Will be removed")
    client.force_login(officer)
    mine = page_data(client.get(url(meeting)))
    client.force_login(other)
    theirs = page_data(client.get(url(meeting)))
    theirs["minutes-0-text"] = ""
    assert client.post(url(meeting), theirs).status_code == 302
    client.force_login(officer)
    mine["minutes-0-text"] = "An edit of the removed minute"
    assert client.post(url(meeting), mine).status_code == 409
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
    mine["minutes-0-text"] = "Only a minute changed here"
    assert client.post(url(meeting), mine).status_code == 302
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
