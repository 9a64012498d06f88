"""The agenda item form tables the performance report "as at" a month, numbers an item as
entered, and takes a late item (added after publication) into a supplementary agenda with its
reason for urgency."""
import datetime as dt

import pytest
from django.urls import reverse

from boards.models import Meeting, SupplementaryAgenda
from boards.packs import build_agenda_pack
from csp_portal.models import AuditEntry
from indicators.models import PerformanceReport
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting, pdf_text

pytestmark = pytest.mark.django_db


def add_url(meeting):
    return reverse("boards:agenda_item_add", args=[meeting.board.slug, meeting.pk])


def edit_url(item):
    return reverse("boards:agenda_item_edit",
                   args=[item.meeting.board.slug, item.meeting.pk, item.pk])


@pytest.fixture
def planned(client):
    board, user, meeting, reports, aob = clerk_and_meeting()
    client.force_login(user)
    return meeting


def month_before(meeting) -> dt.date:
    start = meeting.start.date().replace(day=1)
    return (start - dt.timedelta(days=1)).replace(day=1)


def test_an_item_tables_the_performance_report_as_at_a_month(client, planned):
    as_at = month_before(planned)
    page = client.get(add_url(planned)).content.decode()
    assert "Table the performance report as at" in page and f"{as_at:%B %Y}" in page
    response = client.post(add_url(planned), {
        "title": "Performance report", "performance_report_as_at": f"{as_at:%Y-%m}"})
    assert response.status_code == 302
    item = planned.agenda_items.get(title="Performance report")
    report = PerformanceReport.objects.get(agenda_item=item)
    assert (report.board, report.as_at) == (planned.board, as_at)
    assert AuditEntry.objects.filter(action="performance_report.tabled").count() == 1
    text = pdf_text(build_agenda_pack(meeting=planned, edition="public").pdf)
    assert f"{as_at:%B %Y}" in text

    page = client.get(edit_url(item)).content.decode()
    assert f'value="{as_at:%Y-%m}" selected' in page
    client.post(edit_url(item), {"title": "Performance report",
                                 "performance_report_as_at": ""})
    report.refresh_from_db()
    assert report.agenda_item is None  # kept, no longer tabled
    assert AuditEntry.objects.filter(action="performance_report.untabled").count() == 1


def test_tabling_reuses_the_boards_report_for_that_month(client, planned):
    as_at = month_before(planned)
    mine = f.PerformanceReportFactory(board=planned.board, as_at=as_at, title="Quarter report",
                                      agenda_item=None)
    client.post(add_url(planned), {"title": "Performance",
                                   "performance_report_as_at": f"{as_at:%Y-%m}"})
    mine.refresh_from_db()
    assert mine.agenda_item.title == "Performance"
    assert PerformanceReport.objects.count() == 1


def test_an_item_is_numbered_as_entered(client, planned):
    client.post(add_url(planned), {"title": "Late figures", "number": "8.3"})
    item = planned.agenda_items.get(title="Late figures")
    assert item.label == "8.3" and item.full_label == "8.3"
    text = " ".join(pdf_text(build_agenda_pack(meeting=planned, edition="public").pdf).split())
    assert "8.3 Late figures" in text


def test_a_late_item_needs_its_reason_and_joins_the_supplement(client):
    board, user, meeting, reports, aob = clerk_and_meeting(
        status=Meeting.Status.AGENDA_PUBLISHED)
    client.force_login(user)
    page = client.get(add_url(meeting)).content.decode()
    assert "Reason for urgency" in page
    response = client.post(add_url(meeting), {"title": "Knife crime", "is_verbal": "on",
                                              "number": "8.3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the reason for urgency" in body and 'value="Knife crime"' in body
    assert not SupplementaryAgenda.objects.exists()

    response = client.post(add_url(meeting), {
        "title": "Knife crime", "is_verbal": "on", "number": "8.3",
        "urgency_reason": "A stabbing on Saturday needs the board's response."})
    assert response.status_code == 302
    item = meeting.agenda_items.get(title="Knife crime")
    supplement = SupplementaryAgenda.objects.get(meeting=meeting)
    assert item.supplement == supplement and supplement.number == 1
    assert item.urgency_reason == "A stabbing on Saturday needs the board's response."

    page = client.get(reverse("boards:meeting_detail", args=[board.slug, meeting.pk]))
    assert "Late item in supplementary agenda 1" in page.content.decode()

    # The edit form keeps asking for the reason of a late item.
    response = client.post(edit_url(item), {"title": "Knife crime", "urgency_reason": ""})
    assert "Enter the reason for urgency" in response.content.decode()

    publish = reverse("boards:supplement_publish", args=[board.slug, meeting.pk, 1])
    client.post(publish)
    supplement.refresh_from_db()
    assert supplement.published_at is not None
    text = " ".join(pdf_text(build_agenda_pack(meeting=meeting, edition="public",
                                               supplement=supplement).pdf).split())
    assert "8.3 Knife crime (Verbal)" in text
    assert "A stabbing on Saturday needs the board's response." in text


def test_the_service_refuses_a_late_item_without_a_reason_and_saves_nothing():
    from django.core.exceptions import ValidationError

    from boards.agenda.services import AgendaItemInput, agenda_item_create

    _, user, meeting, _, _ = clerk_and_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
    with pytest.raises(ValidationError) as exc:
        agenda_item_create(meeting=meeting, data=AgendaItemInput(title="Late", is_verbal=True),
                           actor=user)
    assert "urgency_reason" in exc.value.message_dict
    assert not SupplementaryAgenda.objects.exists()
    assert not meeting.agenda_items.filter(title="Late").exists()
    item = agenda_item_create(meeting=meeting, actor=user, data=AgendaItemInput(
        title="Late", is_verbal=True, urgency_reason="  It could not wait.  "))
    assert item.urgency_reason == "It could not wait." and item.supplement.number == 1
    entry = AuditEntry.objects.get(action="agenda_item.created", object_id=str(item.pk))
    assert entry.detail["supplement"] == 1


def test_a_report_is_tabled_only_as_at_the_first_of_a_month():
    from django.core.exceptions import ValidationError

    from indicators.report.services import performance_report_table

    _, user, meeting, reports, _ = clerk_and_meeting()
    with pytest.raises(ValidationError):
        performance_report_table(agenda_item=reports, as_at=dt.date(2018, 1, 15), actor=user)
    assert not PerformanceReport.objects.exists()


def test_a_late_papers_reason_is_kept_and_changed_on_its_form(client):
    from boards.models import Paper
    from tests.publishing_helpers import paper_post

    board, user, meeting, reports, _ = clerk_and_meeting(
        status=Meeting.Status.AGENDA_PUBLISHED)
    client.force_login(user)
    add = reverse("boards:paper_add", args=[board.slug, meeting.pk, reports.pk])
    client.post(add, paper_post("Late Figures", urgency_reason="The data came late."))
    paper = Paper.objects.get()
    assert paper.urgency_reason == "The data came late." and paper.supplement.number == 1
    edit = reverse("boards:paper_edit", args=[board.slug, meeting.pk, paper.pk])
    assert "The data came late." in client.get(edit).content.decode()
    response = client.post(edit, paper_post("Late Figures", urgency_reason=" "))
    assert "Enter the reason for urgency" in response.content.decode()
    client.post(edit, paper_post("Late Figures", urgency_reason="The police data came late."))
    paper.refresh_from_db()
    assert paper.urgency_reason == "The police data came late."
