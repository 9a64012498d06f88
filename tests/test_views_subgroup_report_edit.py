"""Writing, saving and submitting a subgroup update report (SUBMIT_REPORT on the subgroup)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, Membership
from subgroups.models import SubgroupReport
from tests.factories import (
    SubgroupFactory,
)
from tests.fixtures.boards import signed_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def report(vawg, meeting):
    return SubgroupReport.objects.create(
        meeting=meeting, subgroup=vawg, status=SubgroupReport.Status.REQUESTED,
        deadline=timezone.localdate(meeting.start) - dt.timedelta(days=7),
    )


def _user(client, board, role, username):
    return signed_in(client, board, role, username=username, name="Jo Bloggs",
                     post_title="VAWG Lead", email="jo@example.org")


@pytest.fixture
def officer_client(client, vawg):
    return _user(client, vawg, Membership.Role.OFFICER, "vawg-officer")


def url(report) -> str:
    return reverse("subgroups:report_edit", args=[report.subgroup.slug, report.pk])


FILLED = {
    "title": "", "author": "Jo Bloggs, VAWG Lead", "contact": "jo@example.org",
    "security": "unrestricted", "exempt_paragraph": "",
    "brief_update": "The subgroup met twice.", "key_challenges": "Refuge capacity.",
    "support_required": "Agree the strategy.", "appendices": "",
}


def test_shows_the_four_section_template_with_the_author_filled_in(officer_client, report):
    response = officer_client.get(url(report))

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Brief update", "Key challenges", "Support required from the board",
                  "Appendices", "Security classification", "Exempt paragraph"):
        assert label in html
    assert 'value="Jo Bloggs, VAWG Lead"' in html
    assert "The clerk has asked for this report by" in html
    assert ">Save as draft</button>" in html and ">Submit to the clerk</button>" in html


def test_save_as_draft_keeps_it_requested(officer_client, report):
    response = officer_client.post(url(report), {**FILLED, "save_draft": ""}, follow=True)

    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.REQUESTED
    assert report.brief_update == "The subgroup met twice."
    assert "Your report has been saved as a draft" in response.content.decode()


def test_submit_sends_it_to_the_clerk(officer_client, client, board, report):
    response = officer_client.post(url(report), {**FILLED, "submit_report": ""})

    assert response.status_code == 302
    assert response["Location"] == url(report)
    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.SUBMITTED
    assert report.submitted_at is not None
    html = officer_client.get(url(report)).content.decode()
    assert "Your report has been sent to the clerk" in html
    local = timezone.localtime(report.submitted_at)
    assert f"Submitted to the clerk on {local:%-d %B %Y} at" in html
    assert ">Save as draft</button>" not in html  # a submitted report is changed by resubmitting

    clerk = _user(client, board, Membership.Role.CLERK, "clerk")
    requests = clerk.get(reverse("subgroups:report_requests",
                                 args=[board.slug, report.meeting.pk])).content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Submitted</strong>' in requests


def test_restricted_without_a_paragraph_is_refused_and_the_text_kept(officer_client, report):
    data = {**FILLED, "security": "restricted", "brief_update": "Sensitive case detail.",
            "submit_report": ""}

    response = officer_client.post(url(report), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert ('<a href="#id_exempt_paragraph">Choose the exempt paragraph that makes a '
            "restricted report exempt from publication</a>") in html
    assert "Sensitive case detail.</textarea>" in html
    report.refresh_from_db()
    assert report.status == SubgroupReport.Status.REQUESTED
    assert report.brief_update == ""


def test_restricted_with_a_paragraph_is_submitted(officer_client, report):
    data = {**FILLED, "security": "restricted", "exempt_paragraph": "1", "submit_report": ""}
    assert officer_client.post(url(report), data).status_code == 302
    report.refresh_from_db()
    assert report.is_restricted and report.exempt_paragraph == 1
    assert report.status == SubgroupReport.Status.SUBMITTED


def test_submitting_needs_a_brief_update_but_a_draft_does_not(officer_client, report):
    html = officer_client.post(
        url(report), {**FILLED, "brief_update": "", "submit_report": ""}
    ).content.decode()
    assert '<a href="#id_brief_update">Enter a brief update before submitting' in html
    assert officer_client.post(
        url(report), {**FILLED, "brief_update": "", "save_draft": ""}
    ).status_code == 302


def test_a_late_submission_is_accepted_and_shown_as_late(officer_client, report):
    report.deadline = timezone.localdate() - dt.timedelta(days=3)
    report.save()
    html = officer_client.get(url(report)).content.decode()
    assert "The deadline has passed" in html

    officer_client.post(url(report), {**FILLED, "submit_report": ""})

    html = officer_client.get(url(report)).content.decode()
    assert f"after the deadline of {report.deadline:%-d %B %Y}" in html
    assert "Submitted late" in html


def test_a_held_meetings_report_is_read_only(officer_client, report):
    report.brief_update = "What we said."
    report.status = SubgroupReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save()
    Meeting.objects.filter(pk=report.meeting.pk).update(status=Meeting.Status.HELD)

    html = officer_client.get(url(report)).content.decode()
    assert "The meeting has been held, so the report can no longer be changed." in html
    assert '<p class="govuk-body">What we said.</p>' in html
    assert "<textarea" not in html
    assert officer_client.post(url(report), {**FILLED, "submit_report": ""}).status_code == 403
    report.refresh_from_db()
    assert report.brief_update == "What we said."


def test_a_verbal_report_is_read_only(officer_client, report):
    report.status = SubgroupReport.Status.VERBAL
    report.save()
    html = officer_client.get(url(report)).content.decode()
    assert "will give a verbal update at the meeting" in html
    assert officer_client.post(url(report), {**FILLED, "submit_report": ""}).status_code == 403


def test_another_subgroups_report_is_not_found(officer_client, board, meeting):
    other = SubgroupReport.objects.create(
        meeting=meeting, subgroup=SubgroupFactory(name="Hate Crime", parent=board),
        status=SubgroupReport.Status.REQUESTED,
    )
    wrong = reverse("subgroups:report_edit", args=["vawg", other.pk])
    assert officer_client.get(wrong).status_code == 404


def test_a_member_of_the_parent_board_cannot_write_it(client, board, report):
    # bd-csp's officer is only a member of VAWG (boards.access).
    member = _user(client, board, Membership.Role.OFFICER, "csp-officer")
    assert member.get(url(report)).status_code == 403


def test_a_restricted_report_is_shown_to_the_subgroups_officers(officer_client, report):
    report.security = "restricted"
    report.exempt_paragraph = 7
    report.brief_update = "Restricted detail"
    report.save()
    html = officer_client.get(url(report)).content.decode()
    assert "Restricted detail</textarea>" in html
    assert '<option value="7" selected>' in html
