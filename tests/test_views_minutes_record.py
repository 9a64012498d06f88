"""The "Record the meeting" page: attendance, declarations and a minute per agenda item."""
import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from boards.models import Attendance, DeclarationOfInterest, Meeting, Minute
from csp_portal.models import AuditEntry
from tests.access_cases.minutes import CANARY, _minuted_meeting
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MinuteFactory,
    PersonFactory,
)
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """The name → value pairs a browser would submit from the page's form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "radio"):
            self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # A browser drops the newline that follows <textarea>.
            start = not self.data[self._textarea]
            self.data[self._textarea] += data.lstrip("\n") if start else data


def page_data(response) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.data


@pytest.fixture
def meeting(board):
    return MeetingFactory(
        board=board, start=timezone.now() - dt.timedelta(days=2),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )


@pytest.fixture
def officer(board):
    return board_user(board, "officer", username="officer", name="Olive Officer")


@pytest.fixture
def items(meeting):
    first = AgendaItemFactory(meeting=meeting, position=1, title="Introductions and apologies")
    private = AgendaItemFactory(meeting=meeting, position=2, title="Case review",
                                is_restricted=True, exempt_paragraph=7)
    sub = AgendaItemFactory(meeting=meeting, parent=private, position=2, title="Family details")
    return first, private, sub


def url(meeting) -> str:
    return reverse("boards:minutes_record", args=[meeting.board.slug, meeting.pk])


def test_lists_every_item_and_sub_item_with_minute_boxes_and_marks_restricted_ones(
    client, meeting, officer, items
):
    first, private, sub = items
    MinuteFactory(agenda_item=first, text="Apologies were received from the borough commander.")
    client.force_login(officer)
    response = client.get(url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Record the meeting:" in html
    assert "Minute of item 1" in html and "Minute of item 2" in html
    assert "Minute of item 2(ii)" in html and "Family details" in html
    assert "Restricted – exempt paragraph 7" in html
    assert "Apologies were received from the borough commander." in html
    assert "Olive Officer" in html  # a current member's attendance row
    assert "Declarations of interest in item 2(ii)" in html


def test_saving_writes_minutes_attendance_and_declarations_and_marks_the_meeting_held(
    client, meeting, officer, items
):
    first, private, _ = items
    visitor = PersonFactory(name="Pat Presenter")
    member = officer.person
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    data.update({
        "minutes-0-text": "The chair welcomed everyone.",
        "minutes-0-decisions": "The board agreed the agenda.",
        "members-0-status": "present",
        "members-0-note": "Minute taker",
        "others-0-person": str(visitor.pk),
        "others-0-status": "in_attendance",
        "others-0-substituting_for": str(member.pk),
        f"declarations-{private.pk}-0-person": str(member.pk),
        f"declarations-{private.pk}-0-kind": "prejudicial",
        f"declarations-{private.pk}-0-nature": "Knows the family",
    })
    response = client.post(url(meeting), data, follow=True)
    assert response.redirect_chain == [(url(meeting), 302)]
    assert "The record of the meeting has been saved." in response.content.decode()
    minute = Minute.objects.get(agenda_item=first)
    assert (minute.text, minute.decisions) == (
        "The chair welcomed everyone.", "The board agreed the agenda."
    )
    assert not Minute.objects.filter(agenda_item=private).exists()
    attendance = {a.person.name: a for a in Attendance.objects.filter(meeting=meeting)}
    assert attendance["Olive Officer"].status == "present"
    assert attendance["Olive Officer"].note == "Minute taker"
    assert attendance["Pat Presenter"].substituting_for == member
    declaration = DeclarationOfInterest.objects.get()
    assert (declaration.agenda_item, declaration.kind) == (private, "prejudicial")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert AuditEntry.objects.filter(action="meeting.record_saved").count() == 1


def test_an_invalid_row_saves_nothing_and_keeps_everything_typed(client, meeting, officer, items):
    _, private, _ = items
    visitor = PersonFactory(name="Sam Substitute")
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    data.update({
        "minutes-0-text": "Typed minute that must survive.",
        "members-0-status": "apologies",
        "others-0-person": str(visitor.pk),  # no status chosen
        f"declarations-{private.pk}-0-person": str(officer.person.pk),  # no nature given
    })
    response = client.post(url(meeting), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record the meeting" in html
    assert "There is a problem" in html
    assert '<a href="#id_others-0-status">Choose the attendance status of Sam Substitute' in html
    assert (f'<a href="#id_declarations-{private.pk}-0-nature">Enter the nature of '
            "Olive Officer, Officer&#x27;s interest in item 2") in html
    assert "Typed minute that must survive." in html
    assert '<option value="apologies" selected>' in html
    assert not Minute.objects.exists()
    assert not Attendance.objects.exists()
    assert not DeclarationOfInterest.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED


def test_a_member_cannot_also_be_listed_among_the_others(client, meeting, officer, items):
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    data.update({"others-0-person": str(officer.person.pk), "others-0-status": "present"})
    html = client.post(url(meeting), data).content.decode()
    assert "is a member of the board: record their attendance in the members" in html
    assert not Attendance.objects.exists()


def test_clearing_a_minute_removes_it_and_existing_attendance_is_kept(
    client, meeting, officer, items
):
    first, _, _ = items
    MinuteFactory(agenda_item=first, text="Old text")
    AttendanceFactory(meeting=meeting, person=officer.person, status="apologies")
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    assert data["members-0-status"] == "apologies"
    data["minutes-0-text"] = ""
    data["minutes-0-decisions"] = ""
    assert client.post(url(meeting), data).status_code == 302
    assert not Minute.objects.exists()
    assert Attendance.objects.get().status == "apologies"


def test_a_stale_page_saves_nothing(client, meeting, officer, items):
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    AgendaItemFactory(meeting=meeting, position=3, title="Any other business")
    data["minutes-0-text"] = "Typed before the agenda changed"
    response = client.post(url(meeting), data)
    assert response.status_code == 200
    assert "The agenda or the board" in response.content.decode()
    assert not Minute.objects.exists()


def test_raise_action_links_when_the_action_page_exists(client, meeting, officer, items):
    client.force_login(officer)
    html = client.get(url(meeting)).content.decode()
    try:
        raise_url = reverse("actions:action_raise", args=[meeting.board.slug, meeting.pk])
    except NoReverseMatch:
        assert "Raise an action" not in html
        return
    assert f'href="{raise_url}?item={items[0].pk}"' in html
    assert "Raise an action from item 1" in html


def test_confirmed_minutes_are_read_only_and_a_post_changes_nothing(client, board, officer):
    meeting = _minuted_meeting(
        board, timezone.now() - dt.timedelta(days=90), Meeting.Status.MINUTES_CONFIRMED,
        minutes_confirmed_at=timezone.make_aware(dt.datetime(2026, 6, 3, 10)),
    )
    client.force_login(officer)
    response = client.get(url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "These minutes were confirmed on 3 June 2026 and can no longer be changed." in html
    assert "<textarea" not in html
    assert CANARY in html  # members read restricted minutes
    before = list(Minute.objects.order_by("pk").values_list("text", flat=True))
    first = meeting.agenda_items.get(position=1, parent=None)
    response = client.post(url(meeting), {
        "minutes-TOTAL_FORMS": "3", "minutes-INITIAL_FORMS": "3",
        "minutes-0-agenda_item": str(first.pk), "minutes-0-text": "Rewritten",
    })
    assert response.status_code == 409
    assert "Your changes were not saved" in response.content.decode()
    assert list(Minute.objects.order_by("pk").values_list("text", flat=True)) == before
    assert not AuditEntry.objects.filter(action="meeting.record_saved").exists()


def _queries_with(client, board, officer, count: int) -> int:
    meeting = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    for position in range(1, count + 1):
        item = AgendaItemFactory(meeting=meeting, position=position)
        MinuteFactory(agenda_item=item)
        DeclarationOfInterest.objects.create(
            agenda_item=item, person=officer.person, nature="Trustee"
        )
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(meeting)).status_code == 200
    return len(queries)


def test_the_page_makes_as_many_queries_for_ten_items_as_for_two(client, board, officer):
    assert _queries_with(client, board, officer, 2) == _queries_with(client, board, officer, 10)
