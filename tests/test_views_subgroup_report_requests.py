"""The clerk's subgroup update reports page: statuses per subgroup and the request form."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from subgroups.models import SubgroupReport
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    SubgroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def url(meeting) -> str:
    return reverse("subgroups:report_requests", args=[meeting.board.slug, meeting.pk])


def _day(meeting, days_before) -> dt.date:
    return timezone.localdate(meeting.start) - dt.timedelta(days=days_before)


def _date_post(day: dt.date, **extra) -> dict:
    return {"deadline_0": str(day.day), "deadline_1": str(day.month),
            "deadline_2": str(day.year), **extra}


def test_lists_each_subgroup_with_its_status(clerk_client, board, vawg, meeting):
    today = timezone.localdate()
    cyp = SubgroupFactory(name="Children and Young People", parent=board)
    hate = SubgroupFactory(name="Hate Crime", parent=board)
    offenders = SubgroupFactory(name="Managing Offenders", parent=board)
    SubgroupFactory(name="Safer Borough", parent=board)
    SubgroupReport.objects.create(meeting=meeting, subgroup=vawg, deadline=_day(meeting, 7),
                                  status=SubgroupReport.Status.REQUESTED)
    SubgroupReport.objects.create(meeting=meeting, subgroup=cyp,
                                  deadline=today - dt.timedelta(days=1),
                                  status=SubgroupReport.Status.REQUESTED)
    SubgroupReport.objects.create(
        meeting=meeting, subgroup=hate, deadline=_day(meeting, 7),
        status=SubgroupReport.Status.SUBMITTED, submitted_at=timezone.now(),
    )
    SubgroupReport.objects.create(meeting=meeting, subgroup=offenders,
                                  status=SubgroupReport.Status.VERBAL)

    response = clerk_client.get(url(meeting))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Subgroup update reports," in html
    rows = {row.subgroup.name: row.state.label for row in response.context["rows"]}
    assert rows == {
        "Children and Young People": "Late", "Hate Crime": "Submitted",
        "Managing Offenders": "Verbal update", "Safer Borough": "Not requested",
        "VAWG": "Requested",
    }
    assert '<strong class="govuk-tag govuk-tag--red">Late</strong>' in html
    assert _day(meeting, 7).strftime("%-d %B %Y") in html
    # Only requested reports can be marked verbal: VAWG and the late one.
    assert html.count("Mark as verbal<span") == 2
    assert 'Mark as verbal<span class="govuk-visually-hidden"> update from VAWG</span>' in html


def test_the_form_offers_the_subgroups_and_the_meeting_agenda_items(
    clerk_client, vawg, meeting
):
    AgendaItemFactory(meeting=meeting, position=5, title="Subgroup updates")
    AgendaItemFactory(meeting=MeetingFactory(), position=1, title="Another meeting's item")
    html = clerk_client.get(url(meeting)).content.decode()
    assert 'name="subgroups"' in html and ">\n          VAWG\n" in html
    assert "5 Subgroup updates" in html
    assert "Another meeting&#x27;s item" not in html


def test_requesting_reports_creates_them_and_shows_them_requested(
    clerk_client, board, vawg, meeting
):
    cyp = SubgroupFactory(name="Children and Young People", parent=board)
    item = AgendaItemFactory(meeting=meeting, position=6, title="Subgroup updates")
    deadline = _day(meeting, 7)

    response = clerk_client.post(
        url(meeting), _date_post(deadline, subgroups=[vawg.pk, cyp.pk], agenda_item=item.pk),
    )

    assert response.status_code == 302
    assert response["Location"] == url(meeting)
    reports = SubgroupReport.objects.filter(meeting=meeting).order_by("subgroup__name")
    assert [(r.subgroup.name, r.status, r.deadline, r.agenda_item) for r in reports] == [
        ("Children and Young People", "requested", deadline, item),
        ("VAWG", "requested", deadline, item),
    ]
    html = clerk_client.get(url(meeting)).content.decode()
    assert "Asked for update reports by" in html
    assert "6 Subgroup updates" in html


def test_a_deadline_on_the_meeting_day_is_refused_and_the_typing_kept(
    clerk_client, vawg, meeting
):
    day = timezone.localdate(meeting.start)
    response = clerk_client.post(url(meeting), _date_post(day, subgroups=[vawg.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Subgroup update reports" in html
    assert "There is a problem" in html
    assert "The deadline must be before the meeting on" in html
    assert f'value="{day.year}"' in html
    assert 'checked="checked"' in html
    assert not SubgroupReport.objects.exists()


def test_a_past_deadline_and_no_subgroup_are_refused(clerk_client, vawg, meeting):
    past = timezone.localdate() - dt.timedelta(days=1)
    html = clerk_client.post(url(meeting), _date_post(past)).content.decode()
    assert "The deadline must be today or in the future" in html
    assert "Choose at least one subgroup to ask for a report" in html


def test_an_incomplete_date_gets_a_clear_error(clerk_client, vawg, meeting):
    html = clerk_client.post(
        url(meeting), {"subgroups": [vawg.pk], "deadline_0": "12", "deadline_1": "",
                       "deadline_2": "2030"},
    ).content.decode()
    assert "Enter the month" in html


def test_a_board_with_no_subgroups_says_so(clerk_client, board, meeting):
    html = clerk_client.get(url(meeting)).content.decode()
    assert "No subgroups report to Community Safety Partnership Board." in html


def test_the_meeting_page_links_here_for_the_clerk(clerk_client, meeting):
    html = clerk_client.get(
        reverse("boards:meeting_detail", args=[meeting.board.slug, meeting.pk])
    ).content.decode()
    assert f'href="{url(meeting)}">Subgroup update reports</a>' in html


def _queries(client, meeting) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(meeting)).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_subgroups(clerk_client, board, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)

    def add_subgroups(n):
        for _ in range(n):
            subgroup = SubgroupFactory(parent=board)
            SubgroupReport.objects.create(
                meeting=meeting, subgroup=subgroup, agenda_item=item,
                deadline=_day(meeting, 7), status=SubgroupReport.Status.REQUESTED,
            )

    add_subgroups(2)
    few = _queries(clerk_client, meeting)
    add_subgroups(6)
    many = _queries(clerk_client, meeting)
    assert few == many


def test_boards_further_down_are_listed_under_their_subgroup_and_may_be_asked(
    clerk_client, board, vawg, meeting
):
    marac = SubgroupFactory(name="MARAC Steering Group", short_name="MARAC", parent=vawg)
    data = SubgroupFactory(name="Data Group", parent=marac)
    hate = SubgroupFactory(name="Hate Crime", parent=board)
    response = clerk_client.get(url(meeting))
    rows = [(row.subgroup, row.label) for row in response.context["rows"]]
    assert rows == [
        (hate, "Hate Crime"), (vawg, "VAWG"), (marac, "VAWG: MARAC Steering Group"),
        (data, "VAWG: MARAC: Data Group"),
    ]
    assert "VAWG: MARAC: Data Group" in response.content.decode()

    response = clerk_client.post(url(meeting), _date_post(
        _day(meeting, 7), subgroups=[str(data.pk)], request_reports="1"))
    assert response.status_code == 302
    assert SubgroupReport.objects.get(meeting=meeting).subgroup == data
