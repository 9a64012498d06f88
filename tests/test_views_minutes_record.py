"""Recording a meeting: the attendance page, then one page per agenda item (its minute,
declarations and the actions raised under it), each saving on its own."""
import datetime as dt
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from boards.models import Attendance, DeclarationOfInterest, Meeting, Minute, Organisation
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


def minute_data(response) -> dict[str, str]:
    """What the item page's minute form submits (its action form left out)."""
    data = {k: v for k, v in page_data(response).items() if not k.startswith("action-")}
    return {**data, "operation": "minute"}


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


def item_url(item) -> str:
    return reverse("boards:minutes_record_item",
                   args=[item.meeting.board.slug, item.meeting_id, item.pk])


def test_attendance_page_lists_members_and_every_item_with_whether_it_has_a_minute(
    client, meeting, officer, items
):
    first, private, sub = items
    MinuteFactory(agenda_item=first, text="Apologies were received.")
    client.force_login(officer)
    response = client.get(url(meeting))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Record the meeting:" in html
    assert "Attendance of Olive Officer" in html
    assert "Minute of item" not in html  # minutes are on the items' own pages
    nav = html[html.index('aria-label="Pages of the record"'):]
    assert f'href="{item_url(sub)}">2(ii) Family details</a>' in nav
    assert nav.count("Minuted</strong>") == 1 and nav.count("No minute</strong>") == 2
    assert "Save and go to item 1" in html


def test_saving_attendance_alone_goes_to_the_first_item(client, meeting, officer, items):
    visitor = PersonFactory(name="Pat Presenter")
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    data.update({
        "members-0-status": "present", "members-0-note": "Minute taker",
        "others-0-person": str(visitor.pk), "others-0-status": "in_attendance",
        "others-0-substituting_for": str(officer.person.pk), "next": "1",
    })
    response = client.post(url(meeting), data)
    assert response.status_code == 302 and response.url == item_url(items[0])
    attendance = {a.person.name: a for a in Attendance.objects.filter(meeting=meeting)}
    assert attendance["Olive Officer"].note == "Minute taker"
    assert attendance["Pat Presenter"].substituting_for == officer.person
    assert not Minute.objects.exists()
    assert AuditEntry.objects.filter(action="meeting.attendance_saved").count() == 1


def test_an_invalid_attendance_row_saves_nothing_and_keeps_what_was_typed(
    client, meeting, officer, items
):
    visitor = PersonFactory(name="Sam Substitute")
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    data.update({"members-0-status": "apologies", "others-0-person": str(visitor.pk)})
    response = client.post(url(meeting), data)
    html = response.content.decode()
    assert "<title>Error: Record the meeting" in html
    assert '<a href="#id_others-0-status">Choose the attendance status of Sam Substitute' in html
    assert '<option value="apologies" selected>' in html
    assert not Attendance.objects.exists()


def test_a_member_cannot_also_be_listed_among_the_others(client, meeting, officer, items):
    client.force_login(officer)
    data = page_data(client.get(url(meeting)))
    data.update({"others-0-person": str(officer.person.pk), "others-0-status": "present"})
    html = client.post(url(meeting), data).content.decode()
    assert "is a member of the board: record their attendance in the members" in html
    assert not Attendance.objects.exists()


def test_an_item_page_saves_its_minute_and_declarations_alone_and_marks_the_meeting_held(
    client, meeting, officer, items
):
    first, private, sub = items
    MinuteFactory(agenda_item=first, text="Kept as it was")
    AttendanceFactory(meeting=meeting, person=officer.person, status="apologies")
    client.force_login(officer)
    page = client.get(item_url(private))
    html = page.content.decode()
    assert "Restricted – exempt paragraph 7" in html
    assert f'href="{item_url(first)}" rel="prev"' in html
    assert f'href="{item_url(sub)}" rel="next"' in html
    data = minute_data(page)
    data.update({
        "minute-text": "The board discussed the case.",
        "minute-decisions": "The board agreed a review.",
        "declarations-0-person": str(officer.person.pk),
        "declarations-0-kind": "prejudicial", "declarations-0-nature": "Knows the family",
        "next": "1",
    })
    response = client.post(item_url(private), data)
    assert response.status_code == 302 and response.url == item_url(sub)
    minute = Minute.objects.get(agenda_item=private)
    assert minute.decisions == "The board agreed a review."
    assert Minute.objects.get(agenda_item=first).text == "Kept as it was"
    assert DeclarationOfInterest.objects.get().kind == "prejudicial"
    assert Attendance.objects.get().status == "apologies"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert AuditEntry.objects.filter(action="meeting.item_record_saved").count() == 1


def test_an_invalid_item_saves_nothing_and_keeps_the_minute_typed(
    client, meeting, officer, items
):
    _, private, _ = items
    client.force_login(officer)
    data = minute_data(client.get(item_url(private)))
    data.update({"minute-text": "Typed minute that must survive.",
                 "declarations-0-person": str(officer.person.pk)})
    response = client.post(item_url(private), data)
    html = response.content.decode()
    assert "<title>Error: Item 2" in html
    assert '<a href="#id_declarations-0-nature">Enter the nature of' in html
    assert "Typed minute that must survive." in html
    assert not Minute.objects.exists()


def test_clearing_an_items_minute_removes_it(client, meeting, officer, items):
    first, _, _ = items
    MinuteFactory(agenda_item=first, text="Old text")
    client.force_login(officer)
    data = minute_data(client.get(item_url(first)))
    data["minute-text"] = ""
    data["minute-decisions"] = ""
    assert client.post(item_url(first), data).status_code == 302
    assert not Minute.objects.exists()


def test_an_item_of_another_meeting_is_not_found(client, meeting, officer, items):
    other = AgendaItemFactory(meeting=MeetingFactory(board=meeting.board))
    client.force_login(officer)
    wrong = reverse("boards:minutes_record_item",
                    args=[meeting.board.slug, meeting.pk, other.pk])
    assert client.get(wrong).status_code == 404


def test_an_action_is_raised_under_the_minute_with_a_partnership_lead_and_listed_there(
    client, meeting, officer, items
):
    first, _, _ = items
    org = Organisation.objects.create(name="Probation Service")
    # Someone of the partnership who sits on no board: found through an attendance.
    lead = PersonFactory(name="Kate Sandercock", organisation=org)
    AttendanceFactory(meeting=meeting, person=lead, status="in_attendance")
    client.force_login(officer)
    html = client.get(item_url(first)).content.decode()
    assert f'value="person:{lead.pk}"' in html and f'value="org:{org.pk}"' in html
    response = client.post(item_url(first), {
        "operation": "action", "action-description": "Circulate the burglary profile",
        "action-lead": f"person:{lead.pk}", "action-target_date_0": "30",
        "action-target_date_1": "4", "action-target_date_2": "2018", "action-rag_status": "A",
    })
    assert response.status_code == 302 and response.url.endswith("#item-actions")
    action = Action.objects.get()
    assert (action.raised_under, action.raised_at) == (first, meeting)
    assert list(action.lead_people.all()) == [lead]
    html = client.get(item_url(first)).content.decode()
    assert "ACTION: Kate Sandercock – 30 April 2018" in html
    response = client.post(item_url(first), {
        "operation": "action", "action-description": "Report back",
        "action-lead": f"org:{org.pk}", "action-target_date_tbc": "on", "action-rag_status": "G",
    })
    assert response.status_code == 302
    assert list(Action.objects.get(number=2).lead_organisations.all()) == [org]


def test_an_invalid_action_keeps_what_was_typed_and_raises_nothing(
    client, meeting, officer, items
):
    first, _, _ = items
    client.force_login(officer)
    response = client.post(item_url(first), {
        "operation": "action", "action-description": "Typed action", "action-rag_status": "A",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a lead, or enter a lead body" in html
    assert "Enter a target date, or select Date TBC" in html
    assert "Typed action" in html
    assert not Action.objects.exists()


def test_a_lead_from_another_partnership_is_refused(client, meeting, officer, items):
    from tests.factories import BoardFactory, MembershipFactory
    stranger = PersonFactory(name="Elsewhere Person")
    MembershipFactory(board=BoardFactory(slug="other-csp"), person=stranger)
    client.force_login(officer)
    response = client.post(item_url(items[0]), {
        "operation": "action", "action-description": "Anything",
        "action-lead": f"person:{stranger.pk}", "action-target_date_tbc": "on",
        "action-rag_status": "A",
    })
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_the_action_prints_under_its_minute_in_the_minutes(client, meeting, officer, items):
    first, _, _ = items
    MinuteFactory(agenda_item=first, text="Burglary is up.")
    client.force_login(officer)
    client.post(item_url(first), {
        "operation": "action", "action-description": "Circulate the profile",
        "action-lead_body": "All partners", "action-target_date_tbc": "on",
        "action-rag_status": "A",
    })
    html = client.get(reverse("boards:minutes_detail",
                              args=[meeting.board.slug, meeting.pk])).content.decode()
    entry = html[html.index(f'id="minute-{first.pk}"'):html.index(f'id="minute-{items[1].pk}"')]
    assert "Burglary is up." in entry
    assert "ACTION: All partners – Date TBC" in entry


def test_lead_search_finds_people_by_name_or_organisation_within_the_partnership(
    client, meeting, officer
):
    org = Organisation.objects.create(name="Probation Service", short_name="NPS")
    lead = PersonFactory(name="Kate Sandercock", post_title="Head of Service", organisation=org)
    AttendanceFactory(meeting=meeting, person=lead, status="in_attendance")
    client.force_login(officer)
    search = reverse("actions:lead_search", args=[meeting.board.slug])
    by_name = client.get(search, {"q": "sander"}).json()["results"]
    assert by_name == [{"value": f"person:{lead.pk}",
                        "label": "Kate Sandercock, Head of Service, Probation Service"}]
    by_org = [r["value"] for r in client.get(search, {"q": "nps"}).json()["results"]]
    assert by_org == [f"person:{lead.pk}", f"org:{org.pk}"]
    assert client.get(search, {"q": ""}).json()["results"] == []


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
    response = client.post(url(meeting), {"members-TOTAL_FORMS": "0"})
    assert response.status_code == 409
    assert "Your changes were not saved" in response.content.decode()
    response = client.post(item_url(first), {"operation": "minute", "minute-text": "Rewritten",
                                              "minute-agenda_item": str(first.pk)})
    assert response.status_code == 302
    assert list(Minute.objects.order_by("pk").values_list("text", flat=True)) == before
    assert not AuditEntry.objects.filter(action__startswith="meeting.").exists()


def _queries_with(client, board, officer, count: int) -> tuple[int, int]:
    meeting = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    for position in range(1, count + 1):
        item = AgendaItemFactory(meeting=meeting, position=position)
        MinuteFactory(agenda_item=item)
        DeclarationOfInterest.objects.create(
            agenda_item=item, person=officer.person, nature="Trustee"
        )
    client.force_login(officer)
    with CaptureQueriesContext(connection) as attendance:
        assert client.get(url(meeting)).status_code == 200
    with CaptureQueriesContext(connection) as item_page:
        assert client.get(item_url(item)).status_code == 200
    return len(attendance), len(item_page)


def test_the_pages_make_as_many_queries_for_ten_items_as_for_two(client, board, officer):
    assert _queries_with(client, board, officer, 2) == _queries_with(client, board, officer, 10)
