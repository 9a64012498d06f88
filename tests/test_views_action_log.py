"""The action log page: a sortable, filterable GOV.UK table of a board's actions."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from tests.factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(
        board=BoardFactory(slug="bd-csp"),
        start=timezone.make_aware(dt.datetime(2017, 12, 13, 10, 0)),
    )


@pytest.fixture
def board(meeting):
    return meeting.board


@pytest.fixture
def member_client(client, board):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user))
    client.force_login(user)
    return client


def url(board, **query) -> str:
    base = reverse("actions:action_log", args=[board.slug])
    if query:
        base += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return base


def numbers(response) -> list[int]:
    return [row.record.number for row in response.context["table"].paginated_rows]


def test_anonymous_is_sent_to_sign_in_and_non_members_are_refused(client, board):
    response = client.get(url(board))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(UserFactory())
    assert client.get(url(board)).status_code == 403


def test_member_of_the_parent_board_may_see_a_subgroups_log(client, board):
    subgroup = SubgroupFactory(parent=board)
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user))
    client.force_login(user)
    assert client.get(url(subgroup)).status_code == 200


def test_staff_may_see_any_log(client, board):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(board)).status_code == 200


def test_row_shows_every_column_of_the_log(member_client, meeting):
    lead = PersonFactory(name="Kate Sandercock")
    action = ActionFactory(
        raised_at=meeting, number=7, description="Report knife crime figures",
        target_date=None, target_date_tbc=True, rag_status="R", comments="Awaiting data",
        lead_body="YOS management board",
    )
    action.lead_people.add(lead)

    html = member_client.get(url(meeting.board)).content.decode()

    assert '<th scope="row" class="govuk-table__header">7</th>' in html
    assert "Report knife crime figures" in html
    assert "Kate Sandercock, YOS management board" in html
    assert "13 Dec 2017" in html
    assert "Date TBC" in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert '<strong class="govuk-tag">Open</strong>' in html
    assert "Awaiting data" in html
    assert 'class="govuk-table csp-action-table"' in html
    assert 'class="govuk-select"' in html


def test_open_actions_only_by_default_all_on_request(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1)
    ActionFactory(raised_at=meeting, number=2, status=Action.Status.CLOSED)

    assert numbers(member_client.get(url(meeting.board))) == [1]
    assert numbers(member_client.get(url(meeting.board, status=""))) == [1, 2]
    assert numbers(member_client.get(url(meeting.board, status="closed"))) == [2]


def test_filter_by_rag_status(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1, rag_status="R")
    ActionFactory(raised_at=meeting, number=2, rag_status="G")
    assert numbers(member_client.get(url(meeting.board, rag_status="G"))) == [2]


def test_filter_by_lead_offers_only_this_boards_leads(member_client, meeting):
    ours, theirs = PersonFactory(name="Our Lead"), PersonFactory(name="Their Lead")
    ActionFactory(raised_at=meeting, number=1).lead_people.add(ours)
    ActionFactory(raised_at=meeting, number=2)
    ActionFactory(raised_at=MeetingFactory()).lead_people.add(theirs)

    response = member_client.get(url(meeting.board, lead=ours.pk))

    assert numbers(response) == [1]
    choices = list(response.context["filter"].form.fields["lead"].queryset)
    assert choices == [ours]


def test_sort_by_target_date(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1, target_date=dt.date(2018, 6, 1))
    ActionFactory(raised_at=meeting, number=2, target_date=dt.date(2018, 1, 1))
    ActionFactory(raised_at=meeting, number=3, target_date=dt.date(2018, 3, 1))

    assert numbers(member_client.get(url(meeting.board, sort="target_date"))) == [2, 3, 1]
    assert numbers(member_client.get(url(meeting.board, sort="-target_date"))) == [1, 3, 2]
    html = member_client.get(url(meeting.board, sort="target_date")).content.decode()
    assert 'aria-sort="ascending"' in html


def test_another_boards_actions_are_not_listed(member_client, meeting):
    ActionFactory(raised_at=meeting, number=1)
    ActionFactory(raised_at=MeetingFactory(), number=1)
    assert len(numbers(member_client.get(url(meeting.board)))) == 1


def _count_queries(client, board) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(board))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_number_of_actions(member_client, meeting):
    leads = PersonFactory.create_batch(2)

    def add_actions(count: int, start: int) -> None:
        for n in range(start, start + count):
            ActionFactory(raised_at=meeting, number=n).lead_people.add(*leads)

    add_actions(3, 1)
    with_three = _count_queries(member_client, meeting.board)
    add_actions(27, 4)
    with_thirty = _count_queries(member_client, meeting.board)

    assert len(numbers(member_client.get(url(meeting.board)))) == 30
    assert with_thirty == with_three


def test_filter_by_meeting_raised_overdue_and_text(member_client, meeting):
    later = MeetingFactory(board=meeting.board, start=meeting.start + dt.timedelta(days=90))
    today = timezone.localdate()
    ActionFactory(raised_at=meeting, number=1, target_date=today - dt.timedelta(days=3),
                  description="Knife crime briefing")
    ActionFactory(raised_at=later, number=2, target_date=today + dt.timedelta(days=3),
                  comments="Knife arches ordered")
    ActionFactory(raised_at=later, number=3, target_date=None, target_date_tbc=True)
    board = meeting.board

    assert numbers(member_client.get(url(board, raised_at=later.pk))) == [2, 3]
    assert numbers(member_client.get(url(board, overdue="yes"))) == [1]
    assert numbers(member_client.get(url(board, overdue="no"))) == [2, 3]
    assert numbers(member_client.get(url(board, q="KNIFE"))) == [1, 2]
    labels = [label for _, label in
              member_client.get(url(board)).context["filter"].form.fields["raised_at"].choices]
    assert labels == ["Any meeting", f"{later.start:%-d %B %Y}", "13 December 2017"]


def test_counts_by_rag_are_of_the_filtered_actions(member_client, meeting):
    for number, rag in enumerate("RRAGG", start=1):
        ActionFactory(raised_at=meeting, number=number, rag_status=rag)
    ActionFactory(raised_at=meeting, number=6, rag_status="R", status=Action.Status.CLOSED)

    response = member_client.get(url(meeting.board))
    assert response.context["rag_counts"] == [("R", 2), ("A", 1), ("G", 2)]
    html = response.content.decode()
    counts = html[html.index('class="govuk-list csp-rag-counts"'):]
    counts = counts[:counts.index("</ul>")]
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in counts
    assert 'data-rag-count="R">2</span>' in counts
    assert 'data-rag-count="A">1</span>' in counts
    response = member_client.get(url(meeting.board, rag_status="R", status=""))
    assert response.context["rag_counts"] == [("R", 3), ("A", 0), ("G", 0)]


def test_carried_forward_actions_show_their_age_at_the_reviewing_meeting(member_client, meeting):
    march = MeetingFactory(
        board=meeting.board, start=timezone.make_aware(dt.datetime(2018, 3, 28, 10, 0))
    )
    ActionFactory(raised_at=meeting, number=1)
    ActionFactory(raised_at=march, number=2)

    html = member_client.get(url(meeting.board)).content.decode()

    assert "Raised 13 Dec 2017 · 105 days" in html
    assert "28 Mar 2018" in html and "Raised 28 Mar 2018" not in html
    assert "carried forward to it" in html


def test_descriptions_link_to_the_action_page(member_client, meeting):
    ActionFactory(raised_at=meeting, number=4)
    html = member_client.get(url(meeting.board)).content.decode()
    assert f'href="{reverse("actions:action_detail", args=[meeting.board.slug, 4])}"' in html


def _export_rows(client, board, fmt, **query):
    response = client.get(url(board, _export=fmt, **query))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        import csv
        import io

        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    # Row 1 is the title; dates are real dates, read back here as ISO text like the CSV's.
    return [
        ["" if v is None else v.date().isoformat() if hasattr(v, "date") else str(v)
         for v in row]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_holds_exactly_the_filtered_rows(member_client, meeting, fmt):
    lead = PersonFactory(name="Kate Sandercock")
    for number, rag in enumerate("RARGR", start=1):
        action = ActionFactory(
            raised_at=meeting, number=number, rag_status=rag,
            description=f"Action <{number}>", comments="Line one\nline two",
        )
        action.lead_people.add(lead)
    ActionFactory(raised_at=meeting, number=6, rag_status="R", status=Action.Status.CLOSED)
    ActionFactory(raised_at=meeting, number=7, rag_status="R", target_date=None,
                  target_date_tbc=True, lead_body="All partners")

    rows = _export_rows(member_client, meeting.board, fmt, rag_status="R", sort="-number")

    assert rows[0] == ["No.", "Description", "Lead", "Meeting raised", "Target date", "RAG",
                       "Open/closed", "Comments / update"]
    assert [row[0] for row in rows[1:]] == ["7", "5", "3", "1"]
    assert rows[2] == ["5", "Action <5>", "Kate Sandercock", "2017-12-13", "2018-03-13", "Red",
                       "Open", "Line one\nline two"]
    assert rows[1][2:5] == ["All partners", "2017-12-13", "Date TBC"]


def test_export_ignores_pagination(member_client, meeting):
    for number in range(1, 56):
        ActionFactory(raised_at=meeting, number=number)
    assert len(_export_rows(member_client, meeting.board, "csv")) == 56


def test_export_is_for_members_only(client, meeting):
    ActionFactory(raised_at=meeting, number=1)
    client.force_login(UserFactory())
    assert client.get(url(meeting.board, _export="csv")).status_code == 403


def test_export_query_count_does_not_grow_with_rows(member_client, meeting):
    leads = PersonFactory.create_batch(2)
    for n in range(1, 4):
        ActionFactory(raised_at=meeting, number=n).lead_people.add(*leads)
    with CaptureQueriesContext(connection) as three:
        _export_rows(member_client, meeting.board, "csv")
    for n in range(4, 31):
        ActionFactory(raised_at=meeting, number=n).lead_people.add(*leads)
    with CaptureQueriesContext(connection) as thirty:
        assert len(_export_rows(member_client, meeting.board, "csv")) == 31
    assert len(thirty.captured_queries) == len(three.captured_queries)
