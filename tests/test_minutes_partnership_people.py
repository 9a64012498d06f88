"""A meeting's attendance and declarations name only people of its own partnership.

bd-csp (with its subgroup VAWG) and Havering are two partnerships on one portal.
"""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from boards.minutes.selectors import partnership_people, people_choices
from boards.minutes.services import AttendanceInput, DeclarationInput, meeting_record_save
from boards.models import Attendance, Meeting, Membership
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
)
from tests.fixtures.boards import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    board = BoardFactory(slug="bd-csp")
    vawg = SubgroupFactory(slug="vawg", parent=board)
    havering = BoardFactory(slug="havering", name="Havering CSP")
    meeting = MeetingFactory(board=board, start=timezone.now() - dt.timedelta(days=1),
                             status=Meeting.Status.AGENDA_PUBLISHED)
    people = {
        "csp member": PersonFactory(name="Fiona Taylor"),
        "vawg chair": PersonFactory(name="Melody Williams"),
        "csp guest": PersonFactory(name="DCI McMannus"),
        "new guest": PersonFactory(name="Penny Pyke"),
        "havering member": PersonFactory(name="Havering Chair"),
        "havering guest": PersonFactory(name="Havering Presenter"),
    }
    MembershipFactory(board=board, person=people["csp member"], role=Membership.Role.CHAIR)
    MembershipFactory(board=vawg, person=people["vawg chair"], role=Membership.Role.CHAIR)
    MembershipFactory(board=havering, person=people["havering member"])
    AttendanceFactory(meeting=MeetingFactory(board=board), person=people["csp guest"])
    AttendanceFactory(meeting=MeetingFactory(board=havering), person=people["havering guest"])
    return board, meeting, people


def test_the_partnership_people_are_its_members_its_past_attendees_and_the_unaffiliated(world):
    board, meeting, people = world
    allowed = set(partnership_people(meeting=meeting).values_list("name", flat=True))
    assert allowed == {"Fiona Taylor", "Melody Williams", "DCI McMannus", "Penny Pyke"}
    names = [label for _, label in people_choices(meeting=meeting)]
    assert not any("Havering" in name for name in names)


@pytest.mark.parametrize("who", ["havering member", "havering guest"])
def test_attendance_of_another_partnerships_person_is_refused(world, who):
    board, meeting, people = world
    with pytest.raises(ValidationError, match="is not one of this partnership's people"):
        meeting_record_save(meeting=meeting, actor=None, minutes=[], declarations=[],
                            attendance=[AttendanceInput(person=people[who], status="present")])
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_a_substitute_for_or_a_declaration_by_another_partnerships_person_is_refused(world):
    board, meeting, people = world
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError) as raised:
        meeting_record_save(
            meeting=meeting, actor=None, minutes=[],
            attendance=[AttendanceInput(person=people["new guest"], status="in_attendance",
                                        substituting_for=people["havering member"])],
            declarations=[DeclarationInput(agenda_item=item, person=people["havering guest"],
                                           nature="Trustee of the charity")],
        )
    assert sorted(raised.value.messages) == [
        "Havering Chair is not one of this partnership's people.",
        "Havering Presenter is not one of this partnership's people.",
    ]


def test_the_partnerships_own_people_are_recorded(world):
    board, meeting, people = world
    item = AgendaItemFactory(meeting=meeting)
    meeting_record_save(
        meeting=meeting, actor=None, minutes=[],
        attendance=[AttendanceInput(person=people[p], status="present")
                    for p in ("csp member", "vawg chair", "csp guest", "new guest")],
        declarations=[DeclarationInput(agenda_item=item, person=people["vawg chair"],
                                       nature="Trustee of the refuge")],
    )
    assert Attendance.objects.filter(meeting=meeting).count() == 4


def test_the_record_page_offers_no_other_partnerships_people(client, world):
    board, meeting, people = world
    signed_in(client, board, Membership.Role.OFFICER)
    page = client.get(reverse("boards:minutes_record", args=[board.slug, meeting.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Havering" not in body and "Penny Pyke" in body
