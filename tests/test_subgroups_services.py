"""Asking for, writing, submitting and marking verbal subgroup update reports (services)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.models import Meeting, SecurityClassification
from csp_portal.models import AuditEntry
from subgroups import services
from subgroups.models import SubgroupReport
from subgroups.selectors import subgroup_report_state
from subgroups.services import SubgroupReportContent
from tests.factories import (
    AgendaItemFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def clerk():
    return UserFactory(username="clerk")


def _deadline(meeting, days_before=7) -> dt.date:
    return timezone.localdate(meeting.start) - dt.timedelta(days=days_before)


def _audit(report, action):
    return AuditEntry.objects.filter(
        object_type="subgroups.subgroupreport", object_id=str(report.pk), action=action
    )


def test_request_creates_a_requested_report_per_subgroup_with_an_audit_entry(
    board, vawg, meeting, clerk
):
    cyp = SubgroupFactory(name="Children and Young People", parent=board)
    item = AgendaItemFactory(meeting=meeting, title="Subgroup updates")

    reports = services.subgroup_reports_request(
        meeting=meeting, subgroups=[vawg, cyp], deadline=_deadline(meeting), agenda_item=item,
        actor=clerk,
    )

    assert [r.subgroup for r in reports] == [vawg, cyp]
    for report in reports:
        report.refresh_from_db()
        assert report.status == SubgroupReport.Status.REQUESTED
        assert report.deadline == _deadline(meeting)
        assert report.agenda_item == item
        entry = _audit(report, "subgroup_report_request").get()
        assert entry.actor == clerk
        assert entry.detail["again"] is False
    first = _audit(reports[0], "subgroup_report_request").get()
    assert "Asked VAWG for an update report" in first.summary


def test_requesting_again_updates_the_deadline_and_keeps_the_text(vawg, meeting, clerk):
    item = AgendaItemFactory(meeting=meeting)
    [report] = services.subgroup_reports_request(
        meeting=meeting, subgroups=[vawg], deadline=_deadline(meeting, 10), agenda_item=item,
        actor=clerk,
    )
    report.brief_update = "Draft text"
    report.save()

    services.subgroup_reports_request(
        meeting=meeting, subgroups=[vawg], deadline=_deadline(meeting, 3), agenda_item=None,
        actor=clerk,
    )

    assert SubgroupReport.objects.filter(meeting=meeting, subgroup=vawg).count() == 1
    report.refresh_from_db()
    assert report.deadline == _deadline(meeting, 3)
    assert report.agenda_item == item  # no item given: the one chosen before stays
    assert report.brief_update == "Draft text"
    again = _audit(report, "subgroup_report_request").order_by("id").last()
    assert again.detail["again"] is True
    assert again.detail["previous_deadline"] == _deadline(meeting, 10).isoformat()


def test_requesting_again_a_verbal_report_asks_for_it_again(vawg, meeting, clerk):
    [report] = services.subgroup_reports_request(
        meeting=meeting, subgroups=[vawg], deadline=_deadline(meeting), agenda_item=None,
        actor=clerk,
    )
    services.subgroup_report_mark_verbal(report=report, actor=clerk)

    services.subgroup_reports_request(
        meeting=meeting, subgroups=[vawg], deadline=_deadline(meeting), agenda_item=None,
        actor=clerk,
    )

    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.REQUESTED


def test_request_refuses_a_deadline_on_or_after_the_meeting_day(vawg, meeting, clerk):
    with pytest.raises(ValidationError) as exc:
        services.subgroup_reports_request(
            meeting=meeting, subgroups=[vawg], deadline=timezone.localdate(meeting.start),
            agenda_item=None, actor=clerk,
        )
    assert "deadline" in exc.value.message_dict
    assert not SubgroupReport.objects.exists()


def test_request_refuses_a_board_that_is_not_a_subgroup_of_the_meeting_board(meeting, clerk):
    stranger = SubgroupFactory(name="Elsewhere Subgroup")
    other_item = AgendaItemFactory()
    with pytest.raises(ValidationError) as exc:
        services.subgroup_reports_request(
            meeting=meeting, subgroups=[stranger], deadline=_deadline(meeting),
            agenda_item=other_item, actor=clerk,
        )
    assert "Elsewhere Subgroup does not report to" in exc.value.message_dict["subgroups"][0]
    assert "agenda_item" in exc.value.message_dict
    assert not SubgroupReport.objects.exists()


def test_a_request_may_go_to_a_board_below_at_any_depth(vawg, meeting, clerk):
    marac = SubgroupFactory(name="MARAC Steering Group", parent=vawg)
    working = SubgroupFactory(name="MARAC Data Working Group", parent=marac)
    reports = services.subgroup_reports_request(
        meeting=meeting, subgroups=[working, marac], deadline=_deadline(meeting),
        agenda_item=None, actor=clerk,
    )
    assert [r.subgroup for r in reports] == [working, marac]
    assert all(r.status == SubgroupReport.Status.REQUESTED for r in reports)


def test_mark_verbal_records_it_once(vawg, meeting, clerk):
    report = SubgroupReport.objects.create(meeting=meeting, subgroup=vawg,
                                           status=SubgroupReport.Status.REQUESTED)

    services.subgroup_report_mark_verbal(report=report, actor=clerk)
    services.subgroup_report_mark_verbal(report=report, actor=clerk)

    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.VERBAL
    assert _audit(report, "subgroup_report_mark_verbal").count() == 1


def test_mark_verbal_refuses_a_submitted_report(vawg, meeting, clerk):
    report = SubgroupReport.objects.create(meeting=meeting, subgroup=vawg,
                                           status=SubgroupReport.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="already submitted"):
        services.subgroup_report_mark_verbal(report=report, actor=clerk)
    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.SUBMITTED


CONTENT = SubgroupReportContent(
    title="VAWG Subgroup Update", author="Jo Bloggs, VAWG Lead", contact="jo@example.org",
    brief_update="  The subgroup met twice.  ", key_challenges="Refuge capacity.",
    support_required="Agree the strategy.", appendices="Appendix A: action plan",
)


@pytest.fixture
def officer():
    user = UserFactory(username="vawg-officer")
    PersonFactory(user=user, name="Jo Bloggs", post_title="VAWG Lead")
    return user


@pytest.fixture
def requested(vawg, meeting):
    return SubgroupReport.objects.create(
        meeting=meeting, subgroup=vawg, status=SubgroupReport.Status.REQUESTED,
        deadline=_deadline(meeting),
    )


def test_update_saves_a_draft_and_keeps_it_requested(requested, officer):
    services.subgroup_report_update(report=requested, content=CONTENT, actor=officer)

    requested.refresh_from_db()
    assert requested.status == SubgroupReport.Status.REQUESTED
    assert requested.brief_update == "The subgroup met twice."
    assert requested.submitted_at is None
    entry = _audit(requested, "subgroup_report_update").get()
    assert "brief_update" in entry.detail["changed"]


def test_submit_sets_submitted_and_the_time_and_date(requested, officer):
    now = timezone.now()
    services.subgroup_report_submit(report=requested, content=CONTENT, actor=officer, now=now)

    requested.refresh_from_db()
    assert requested.status == SubgroupReport.Status.SUBMITTED
    assert requested.submitted_at == now
    assert requested.report_date == timezone.localdate(now)
    assert requested.author_person == officer.person
    entry = _audit(requested, "subgroup_report_submit").get()
    assert entry.detail["late"] is False
    assert subgroup_report_state(report=requested).key == "submitted"


def test_submit_after_the_deadline_is_allowed_and_recorded_as_late(requested, officer):
    requested.deadline = timezone.localdate() - dt.timedelta(days=2)
    requested.save()
    assert subgroup_report_state(report=requested).label == "Late"

    services.subgroup_report_submit(report=requested, content=CONTENT, actor=officer)

    requested.refresh_from_db()
    assert requested.status == SubgroupReport.Status.SUBMITTED
    assert subgroup_report_state(report=requested).label == "Submitted late"
    entry = _audit(requested, "subgroup_report_submit").get()
    assert entry.detail["late"] is True
    assert entry.summary.endswith("after the deadline")


def test_a_restricted_report_needs_an_exempt_paragraph(requested, officer):
    content = SubgroupReportContent(**{**CONTENT.__dict__, "security": "restricted"})
    with pytest.raises(ValidationError) as exc:
        services.subgroup_report_submit(report=requested, content=content, actor=officer)
    assert "exempt_paragraph" in exc.value.message_dict
    requested.refresh_from_db()
    assert requested.status == SubgroupReport.Status.REQUESTED
    assert not AuditEntry.objects.filter(action="subgroup_report_submit").exists()


def test_an_unrestricted_report_drops_an_exempt_paragraph(requested, officer):
    content = SubgroupReportContent(**{**CONTENT.__dict__, "exempt_paragraph": 3})
    services.subgroup_report_update(report=requested, content=content, actor=officer)
    requested.refresh_from_db()
    assert requested.exempt_paragraph is None

    restricted = SubgroupReportContent(
        **{**CONTENT.__dict__, "security": SecurityClassification.RESTRICTED,
           "exempt_paragraph": 1}
    )
    services.subgroup_report_update(report=requested, content=restricted, actor=officer)
    requested.refresh_from_db()
    assert requested.is_restricted and requested.exempt_paragraph == 1


def test_submit_needs_a_brief_update(requested, officer):
    content = SubgroupReportContent(**{**CONTENT.__dict__, "brief_update": "  "})
    with pytest.raises(ValidationError) as exc:
        services.subgroup_report_submit(report=requested, content=content, actor=officer)
    assert "brief_update" in exc.value.message_dict


def test_a_submitted_report_stays_submitted_when_saved(requested, officer):
    services.subgroup_report_submit(report=requested, content=CONTENT, actor=officer)
    changed = SubgroupReportContent(**{**CONTENT.__dict__, "key_challenges": "Funding."})
    services.subgroup_report_update(report=requested, content=changed, actor=officer)
    requested.refresh_from_db()
    assert requested.status == SubgroupReport.Status.SUBMITTED
    assert requested.key_challenges == "Funding."


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.MINUTES_CONFIRMED])
def test_no_changes_once_the_meeting_is_held(requested, officer, status):
    requested.meeting.status = status
    requested.meeting.save()
    with pytest.raises(ValidationError, match="meeting has been held"):
        services.subgroup_report_submit(report=requested, content=CONTENT, actor=officer)
    with pytest.raises(ValidationError, match="meeting has been held"):
        services.subgroup_report_update(report=requested, content=CONTENT, actor=officer)


def test_no_changes_after_the_meeting_has_started(requested, officer):
    later = requested.meeting.start + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="meeting has been held"):
        services.subgroup_report_submit(report=requested, content=CONTENT, actor=officer,
                                        now=later)


def test_no_changes_to_a_verbal_report(requested, officer, clerk):
    services.subgroup_report_mark_verbal(report=requested, actor=clerk)
    with pytest.raises(ValidationError, match="verbal update"):
        services.subgroup_report_update(report=requested, content=CONTENT, actor=officer)
