"""Marking a subgroup's report as a verbal update, from the clerk's request page (POST)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from csp_portal.models import AuditEntry
from subgroups.models import SubgroupReport
from tests.factories import (
    MeetingFactory,
    SubgroupFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def _report(meeting, board, status=SubgroupReport.Status.REQUESTED, name="VAWG"):
    return SubgroupReport.objects.create(
        meeting=meeting, subgroup=SubgroupFactory(name=name, parent=board), status=status,
        deadline=timezone.localdate(meeting.start) - dt.timedelta(days=7),
    )


def url(report) -> str:
    meeting = report.meeting
    return reverse("subgroups:report_mark_verbal",
                   args=[meeting.board.slug, meeting.pk, report.pk])


def requests_url(meeting) -> str:
    return reverse("subgroups:report_requests", args=[meeting.board.slug, meeting.pk])


def test_marks_a_requested_report_verbal_and_says_so(clerk_client, board, meeting):
    report = _report(meeting, board)

    response = clerk_client.post(url(report))

    assert response.status_code == 302
    assert response["Location"] == requests_url(meeting)
    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.VERBAL
    assert AuditEntry.objects.filter(action="subgroup_report_mark_verbal",
                                     object_id=str(report.pk)).count() == 1
    html = clerk_client.get(requests_url(meeting)).content.decode()
    assert "VAWG will give a verbal update" in html
    assert '<strong class="govuk-tag govuk-tag--purple">Verbal update</strong>' in html


def test_a_submitted_report_is_not_marked_verbal_and_the_clerk_is_told(
    clerk_client, board, meeting
):
    report = _report(meeting, board, status=SubgroupReport.Status.SUBMITTED)

    response = clerk_client.post(url(report), follow=True)

    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.SUBMITTED
    assert "VAWG has already submitted its report" in response.content.decode()


def test_get_is_refused(clerk_client, board, meeting):
    report = _report(meeting, board)
    assert clerk_client.get(url(report)).status_code == 405
    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.REQUESTED


def test_a_report_of_another_meeting_is_not_found(clerk_client, board, meeting):
    other = MeetingFactory(board=board, start=timezone.now() + dt.timedelta(days=90))
    report = _report(other, board)
    wrong = reverse("subgroups:report_mark_verbal", args=[board.slug, meeting.pk, report.pk])
    assert clerk_client.post(wrong).status_code == 404
    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.REQUESTED
