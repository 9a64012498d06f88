"""The packs' status fragment (boards:pack_status) and the meeting page's live region."""
import pytest
from django.urls import reverse

from boards.models import Meeting, PackRender
from tests.publishing_helpers import clerk_and_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    board, user, meeting, *_ = clerk_and_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
    meeting.clerk = user
    return meeting


def status_url(meeting):
    return reverse("boards:pack_status", args=[meeting.board.slug, meeting.pk])


def test_fragment_shows_pending_packs_and_marks_them_for_polling(client, meeting):
    PackRender.objects.create(meeting=meeting, edition="public", status="rendering")
    client.force_login(meeting.clerk)
    response = client.get(status_url(meeting))
    body = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert "<html" not in body
    assert 'data-pack-pending="rendering"' in body and "Being produced" in body


def test_ready_and_failed_packs_stop_polling_and_failure_shows_its_error(client, meeting):
    PackRender.objects.create(meeting=meeting, edition="public", status="ready",
                              page_count=3, size_bytes=100, file="packs/x.pdf")
    PackRender.objects.create(meeting=meeting, edition="members", status="failed",
                              error="Paper unreadable")
    client.force_login(meeting.clerk)
    body = client.get(status_url(meeting)).content.decode()
    assert "data-pack-pending" not in body
    assert "Ready" in body and "Paper unreadable" in body


def test_the_public_sees_only_the_public_pack(client, meeting):
    PackRender.objects.create(meeting=meeting, edition="members", status="failed",
                              error="Secret detail")
    body = client.get(status_url(meeting)).content.decode()
    assert "Members" not in body and "Secret detail" not in body
    assert "Public pack" in body


def test_meeting_page_has_the_live_region_and_script(client, meeting):
    body = client.get(reverse("boards:meeting_detail", args=[meeting.board.slug, meeting.pk]))
    html = body.content.decode()
    assert 'aria-live="polite"' in html and status_url(meeting) in html
    assert '<script type="module" src="/static/csp/pack_status.js">' in html


def test_planned_meeting_is_404_for_the_public(client):
    _, _, meeting, *_ = clerk_and_meeting()
    assert client.get(status_url(meeting)).status_code == 404
