"""indicators:report_download and indicators:report_render_request."""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from boards.models import Meeting, Membership, SecurityClassification
from indicators.models import PerformanceReportRender
from tests.factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PerformanceReportFactory,
    PersonFactory,
    UserFactory,
)


def _member(board, role):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role)
    return user


def _ready(report, content=b"%PDF report"):
    render = PerformanceReportRender(report=report, status="ready", page_count=3,
                                     size_bytes=len(content))
    render.file.save("r.pdf", ContentFile(content), save=False)
    render.save()
    return render


@pytest.fixture
def board(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return BoardFactory(slug="bd-x")


def _download(client, report):
    return client.get(reverse("indicators:report_download",
                              kwargs={"slug": report.board.slug, "report_pk": report.pk}))


def test_tabled_report_is_public_once_the_agenda_is_published(client, board):
    meeting = MeetingFactory(board=board, status=Meeting.Status.PLANNED)
    report = PerformanceReportFactory(board=board, agenda_item=AgendaItemFactory(meeting=meeting))
    _ready(report, b"%PDF old")
    _ready(report, b"%PDF newest")
    assert _download(client, report).status_code == 404
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.save()
    response = _download(client, report)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF newest"
    assert "bd-x-performance-report-2018-01.pdf" in response["Content-Disposition"]


def test_restricted_report_only_for_members(client, board):
    meeting = MeetingFactory(board=board, status=Meeting.Status.AGENDA_PUBLISHED)
    report = PerformanceReportFactory(
        board=board, agenda_item=AgendaItemFactory(meeting=meeting),
        security=SecurityClassification.RESTRICTED, exempt_paragraph=7,
    )
    _ready(report)
    assert _download(client, report).status_code == 404
    client.force_login(_member(board, Membership.Role.MEMBER))
    assert _download(client, report).status_code == 200


def test_no_ready_pdf_is_404(client, board):
    report = PerformanceReportFactory(board=board)
    PerformanceReportRender.objects.create(report=report, status="failed", error="x")
    client.force_login(_member(board, Membership.Role.MEMBER))
    assert _download(client, report).status_code == 404


def test_request_queues_a_render_and_says_so(client, board, django_capture_on_commit_callbacks,
                                             monkeypatch):
    from indicators import tasks

    queued = []
    monkeypatch.setattr(tasks.render_performance_report, "delay", queued.append)
    report = PerformanceReportFactory(board=board)
    client.force_login(_member(board, Membership.Role.CLERK))
    url = reverse("indicators:report_render_request",
                  kwargs={"slug": board.slug, "report_pk": report.pk})
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    render = PerformanceReportRender.objects.get(report=report)
    assert queued == [render.pk]
    # The task went to the broker once the request's transaction committed; then the page.
    html = client.get(response["Location"]).content.decode()
    assert "has been requested" in html and "Queued" in html
