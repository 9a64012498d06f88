"""A board's standard agenda, pulling forward plan items into an existing meeting's agenda,
and the warning when a planned item is missing from a published agenda."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.agenda import services, standard
from boards.models import AgendaItem, Meeting
from csp_portal.models import AuditEntry
from tests.factories import AgendaItemFactory, ForwardPlanItemFactory, MeetingFactory
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(board):
    return board_user(board, "clerk", username="clerk")


@pytest.fixture
def meeting(board):
    return MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=30),
                          status=Meeting.Status.PLANNED)


def titles(meeting) -> list[str]:
    return [i.title for i in AgendaItem.objects.filter(meeting=meeting, parent=None)
            .order_by("position")]


def test_new_meetings_open_and_close_with_the_standard_agenda(board, clerk):
    standard.board_standard_agenda_set(
        board=board, opening=["Apologies", "Minutes of the last meeting and action log"],
        closing=["Any other business", " "], actor=clerk,
    )
    later = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=90))
    plan = ForwardPlanItemFactory(board=board, meeting=later, title="Performance")
    meeting = services.meeting_create(
        board=board, start=timezone.now() + dt.timedelta(days=40), forward_plan_items=[plan],
        actor=clerk,
    )
    assert titles(meeting) == [
        "Apologies", "Minutes of the last meeting and action log", "Performance",
        "Any other business",
    ]
    minutes = meeting.agenda_items.get(position=2)
    assert minutes.pack_content == AgendaItem.PackContent.MINUTES_AND_ACTION_LOG
    plan.refresh_from_db()
    assert plan.agenda_item == meeting.agenda_items.get(position=3)
    assert AuditEntry.objects.filter(action="board.standard_agenda_set").count() == 1


def test_the_clerk_keeps_the_standard_agenda_on_its_page(client, board, clerk):
    client.force_login(clerk)
    url = reverse("boards:standard_agenda", args=[board.slug])
    html = client.get(url).content.decode()
    assert "These are suggested" in html and "Declarations of interest" in html
    response = client.post(url, {"opening": "Apologies\n\nDeclarations", "closing": "AOB"})
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.standard_agenda == {"opening": ["Apologies", "Declarations"],
                                     "closing": ["AOB"]}
    response = client.post(url, {"opening": "x" * 301, "closing": ""})
    assert "Keep each title to 300 characters or fewer" in response.content.decode()


def test_the_clerk_pulls_planned_items_into_a_meetings_agenda_before_its_closing_items(
    client, board, clerk, meeting
):
    standard.board_standard_agenda_set(board=board, opening=[], closing=["AOB"], actor=clerk)
    AgendaItemFactory(meeting=meeting, position=1, title="Apologies")
    AgendaItemFactory(meeting=meeting, position=2, title="AOB")
    later = MeetingFactory(board=board, start=meeting.start + dt.timedelta(days=60))
    ours = ForwardPlanItemFactory(board=board, meeting=meeting, title="Knife crime update")
    theirs = ForwardPlanItemFactory(board=board, meeting=later, title="Plan refresh",
                                    reason="decision")
    ForwardPlanItemFactory(board=board, meeting=later, title="Withdrawn", status="withdrawn")
    client.force_login(clerk)
    url = reverse("boards:agenda_pull_forward_plan", args=[board.slug, meeting.pk])
    html = client.get(url).content.decode()
    assert "Knife crime update" in html and "Plan refresh" in html
    assert "Withdrawn" not in html
    response = client.post(url, {"items": [str(theirs.pk), str(ours.pk)]})
    assert response.status_code == 302
    assert titles(meeting) == ["Apologies", "Knife crime update", "Plan refresh", "AOB"]
    theirs.refresh_from_db()
    assert theirs.meeting == meeting and theirs.agenda_item.purpose == "decision"
    assert AuditEntry.objects.filter(action="meeting.forward_plan_pulled").count() == 1
    html = client.get(url).content.decode()
    assert "Every planned item is already on an agenda" in html


def test_pulling_nothing_or_another_boards_item_is_refused(client, board, clerk, meeting):
    stranger = ForwardPlanItemFactory(title="Elsewhere")
    client.force_login(clerk)
    url = reverse("boards:agenda_pull_forward_plan", args=[board.slug, meeting.pk])
    response = client.post(url, {"items": [str(stranger.pk)]})
    assert response.status_code == 200
    response = client.post(url, {})
    assert "Select at least one planned item" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_a_planned_item_missing_from_a_published_agenda_is_warned_about(
    client, board, clerk, meeting
):
    ForwardPlanItemFactory(board=board, meeting=meeting, title="Knife crime update")
    ForwardPlanItemFactory(board=board, meeting=meeting, title="Performance")
    ForwardPlanItemFactory(board=board, meeting=meeting, title="Deferred", status="deferred")
    AgendaItemFactory(meeting=meeting, position=1, title="performance")
    client.force_login(clerk)
    url = reverse("boards:agenda_edit", args=[board.slug, meeting.pk])
    assert 'id="planned-missing"' not in client.get(url).content.decode()  # still planned
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    html = client.get(url).content.decode()
    warning = html[html.index('id="planned-missing"'):][:600]
    assert "1 item that is not on the agenda: Knife crime update." in warning
    assert "Deferred" not in warning
    publish = reverse("boards:meeting_publish", args=[board.slug, meeting.pk])
    html = client.get(publish).content.decode()
    warning = html[html.index('id="planned-missing"'):][:800]
    assert "not on the published agenda: Knife crime update." in warning
