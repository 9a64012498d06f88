"""The meeting page: notice details, agenda, attendance, papers, subgroup reports and packs."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Attendance, Meeting, PackRender, SecurityClassification
from subgroups.models import SubgroupReport
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PaperFactory,
    PersonFactory,
    SubgroupFactory,
    SubgroupReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    board = BoardFactory(name="Community Safety Partnership Board", slug="bd-csp")
    clerk = PersonFactory(
        name="Alan Dawson", post_title="Partnership Boards Business Manager",
        email="alan.dawson@example.org",
    )
    return MeetingFactory(
        board=board,
        start=timezone.make_aware(dt.datetime(2018, 3, 28, 10, 0)),
        end=timezone.make_aware(dt.datetime(2018, 3, 28, 12, 0)),
        venue="Conference Room 1, Barking Town Hall",
        status=Meeting.Status.AGENDA_PUBLISHED,
        publication_date=dt.date(2018, 3, 20),
        contact_officer=clerk,
    )


@pytest.fixture
def member(meeting):
    user = UserFactory()
    MembershipFactory(board=meeting.board, person=PersonFactory(user=user))
    return user


def url(meeting) -> str:
    return reverse("boards:meeting_detail", args=[meeting.board.slug, meeting.pk])


def test_shows_the_notice_details(client, meeting):
    html = client.get(url(meeting)).content.decode()
    assert "Wednesday 28 March 2018" in html
    assert "10am to midday" in html
    assert "Conference Room 1, Barking Town Hall" in html
    assert "20 March 2018" in html
    assert "Alan Dawson, Partnership Boards Business Manager" in html
    assert "alan.dawson@example.org" in html
    assert "Agenda published</strong>" in html


def test_agenda_numbers_items_and_sub_items_with_presenter_purpose_and_verbal(client, meeting):
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome and Introductions")
    reports = AgendaItemFactory(meeting=meeting, position=2, title="Subgroup updates")
    AgendaItemFactory(
        meeting=meeting, parent=reports, position=1, title="VAWG update",
        presenter="Chair of VAWG", purpose="information", is_verbal=True, minutes_allowed=10,
    )
    AgendaItemFactory(meeting=meeting, parent=reports, position=2, title="Hate crime update")

    response = client.get(url(meeting))

    agenda = response.context["agenda"]
    assert [(e.label, e.title) for e in agenda] == [
        ("1", "Welcome and Introductions"), ("2", "Subgroup updates")
    ]
    assert [(e.label, e.title) for e in agenda[1].sub_items] == [
        ("(i)", "VAWG update"), ("(ii)", "Hate crime update")
    ]
    html = response.content.decode()
    assert "Presenter: Chair of VAWG. For information. 10 minutes. Verbal" in html
    assert html.index("VAWG update") < html.index("Hate crime update")


def test_restricted_item_shows_only_title_and_paragraph_to_non_members(client, meeting, member):
    item = AgendaItemFactory(
        meeting=meeting, position=1, title="Case review", description="Names of the family",
        presenter="DCI Smith", is_restricted=True, exempt_paragraph=1,
    )
    sub = AgendaItemFactory(
        meeting=meeting, parent=item, position=1, title="Sub-item", description="More names"
    )
    PaperFactory(agenda_item=sub, title="Case chronology")

    html = client.get(url(meeting)).content.decode()
    assert "Case review" in html and "Exempt – paragraph 1" in html
    assert "Names of the family" not in html and "DCI Smith" not in html
    assert "More names" not in html
    assert "Case chronology" in html
    assert "/papers/" not in html

    client.force_login(member)
    html = client.get(url(meeting)).content.decode()
    assert "Names of the family" in html and "DCI Smith" in html and "More names" in html
    assert "Exempt – paragraph 1" in html
    assert "/papers/" in html


def test_logged_in_non_members_are_treated_like_the_public(client, meeting):
    AgendaItemFactory(
        meeting=meeting, position=1, title="Case review", description="Names of the family",
        is_restricted=True, exempt_paragraph=1,
    )
    client.force_login(UserFactory())
    assert "Names of the family" not in client.get(url(meeting)).content.decode()


def test_papers_are_listed_under_their_item_restricted_ones_unlinked(client, meeting):
    item = AgendaItemFactory(meeting=meeting, position=3, title="Performance")
    open_paper = PaperFactory(agenda_item=item, title="Performance report", position=1)
    closed_paper = PaperFactory(
        agenda_item=item, title="Offender list", position=2,
        security=SecurityClassification.RESTRICTED, exempt_paragraph=7,
    )

    html = client.get(url(meeting)).content.decode()

    paper_url = reverse(
        "boards:paper_detail", args=[meeting.board.slug, meeting.pk, open_paper.pk]
    )
    closed_url = reverse(
        "boards:paper_detail", args=[meeting.board.slug, meeting.pk, closed_paper.pk]
    )
    assert f'href="{paper_url}">Performance report</a>' in html
    assert "Offender list" in html and "Exempt – paragraph 7" in html
    assert closed_url not in html


def test_subgroup_reports_appear_under_their_item(client, meeting):
    item = AgendaItemFactory(meeting=meeting, position=4, title="Subgroup updates")
    vawg = SubgroupFactory(name="VAWG", parent=meeting.board)
    hate = SubgroupFactory(name="Hate, Intolerance and Extremism", parent=meeting.board)
    SubgroupReportFactory(
        meeting=meeting, subgroup=vawg, agenda_item=item, brief_update="Refuge places up."
    )
    SubgroupReportFactory(
        meeting=meeting, subgroup=hate, agenda_item=item, status=SubgroupReport.Status.VERBAL,
        brief_update="",
    )

    html = client.get(url(meeting)).content.decode()

    assert "VAWG Subgroup Update" in html and "Refuge places up." in html
    assert "Hate, Intolerance and Extremism Subgroup Update" in html
    assert "Verbal update" in html


def test_attendance_is_grouped_with_substitutes(client, meeting):
    chair = PersonFactory(name="Cllr Chair")
    absent_member = PersonFactory(name="Police Commander")
    AttendanceFactory(meeting=meeting, person=chair, note="Chair")
    AttendanceFactory(
        meeting=meeting, person=PersonFactory(name="Deputy Inspector"),
        status=Attendance.Status.IN_ATTENDANCE, substituting_for=absent_member,
    )
    AttendanceFactory(meeting=meeting, person=absent_member, status=Attendance.Status.APOLOGIES)
    AttendanceFactory(
        meeting=meeting, person=PersonFactory(name="No Show"), status=Attendance.Status.ABSENT
    )

    response = client.get(url(meeting))

    groups = [(label, [a.person.name for a in records])
              for label, records in response.context["attendance"]]
    assert groups == [
        ("Present", ["Cllr Chair"]),
        ("In attendance", ["Deputy Inspector"]),
        ("Apologies", ["Police Commander"]),
        ("Absent", ["No Show"]),
    ]
    assert "Deputy Inspector, Officer" in response.content.decode()
    assert "substituting for Police Commander" in response.content.decode()


def _render(meeting, edition, status, **extra):
    return PackRender.objects.create(meeting=meeting, edition=edition, status=status, **extra)


def test_ready_pack_offers_a_download_with_pages_and_size(client, meeting):
    _render(
        meeting, PackRender.Edition.PUBLIC, PackRender.Status.READY, page_count=42,
        size_bytes=1_258_291, file="packs/x.pdf",
        finished_at=timezone.make_aware(dt.datetime(2018, 3, 20, 15, 30)),
    )

    html = client.get(url(meeting)).content.decode()

    download = reverse("boards:public_pack_download", args=[meeting.board.slug, meeting.pk])
    assert f'href="{download}"' in html
    assert "PDF, 42 pages, 1.2\xa0MB" in html
    assert "Produced 20 March 2018 at 3:30pm." in html


def test_failed_pack_shows_its_error_in_a_banner_to_members(client, meeting, member):
    _render(meeting, PackRender.Edition.PUBLIC, PackRender.Status.FAILED, error="Paper 4 is empty")

    public_html = client.get(url(meeting)).content.decode()
    assert "govuk-notification-banner" in public_html
    assert "could not be produced" in public_html
    assert "Paper 4 is empty" not in public_html

    client.force_login(member)
    html = client.get(url(meeting)).content.decode()
    assert "Paper 4 is empty" in html


def test_an_older_failure_is_not_shown_once_a_later_pack_is_ready(client, meeting):
    _render(meeting, PackRender.Edition.PUBLIC, PackRender.Status.FAILED, error="Boom")
    _render(
        meeting, PackRender.Edition.PUBLIC, PackRender.Status.READY, page_count=3,
        size_bytes=100, file="packs/x.pdf",
    )
    html = client.get(url(meeting)).content.decode()
    assert "could not be produced" not in html
    assert "PDF, 3 pages" in html


def test_queued_and_rendering_packs_show_a_status_tag(client, meeting, member):
    _render(meeting, PackRender.Edition.PUBLIC, PackRender.Status.QUEUED)
    _render(meeting, PackRender.Edition.MEMBERS, PackRender.Status.RENDERING)
    client.force_login(member)

    html = client.get(url(meeting)).content.decode()

    assert '<strong class="govuk-tag govuk-tag--grey">Queued</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Being produced</strong>' in html


def test_members_pack_is_listed_for_members_only(client, meeting, member):
    _render(
        meeting, PackRender.Edition.MEMBERS, PackRender.Status.READY, page_count=5,
        size_bytes=100, file="packs/m.pdf",
    )
    members_url = reverse("boards:members_pack_download", args=[meeting.board.slug, meeting.pk])

    html = client.get(url(meeting)).content.decode()
    assert "Members&#x27; pack" not in html and members_url not in html

    client.force_login(member)
    html = client.get(url(meeting)).content.decode()
    assert "Members&#x27; pack" in html and members_url in html


def test_planned_meeting_is_404_for_non_members_and_shown_to_members(client, meeting, member):
    meeting.status = Meeting.Status.PLANNED
    meeting.save()
    assert client.get(url(meeting)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(meeting)).status_code == 404
    client.force_login(member)
    assert client.get(url(meeting)).status_code == 200


def test_meeting_of_another_board_is_404(client, meeting):
    other = BoardFactory()
    assert client.get(
        reverse("boards:meeting_detail", args=[other.slug, meeting.pk])
    ).status_code == 404
