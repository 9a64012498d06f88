"""Publishing an agenda (boards:meeting_publish): deadline, checklist, both packs rendered."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, PackRender
from csp_portal.models import AuditEntry
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-PUBLISH-41d7"


@pytest.fixture
def setup(client):
    board, user, meeting, reports, aob = clerk_and_meeting()
    open_paper = f.PaperFactory(agenda_item=reports, title="Delivery Plan Report", position=1)
    f.PaperSectionFactory(paper=open_paper, body="Open text.")
    secret = f.PaperFactory(agenda_item=reports, title="Strategic Assessment", position=2,
                            security="restricted", exempt_paragraph=7)
    f.PaperSectionFactory(paper=secret, body=CANARY)
    client.force_login(user)
    return meeting, user, reverse("boards:meeting_publish", args=[board.slug, meeting.pk])


def test_get_shows_the_deadline_and_the_checklist(client, setup):
    meeting, _, url = setup
    body = client.get(url).content.decode()
    assert "Publication deadline" in body
    assert "1 item has no papers" in body  # AOB
    assert "Strategic Assessment – <strong>restricted</strong> (exempt – paragraph 7)" in body
    assert "has passed" not in body


def test_warning_when_the_deadline_has_passed(client, setup):
    meeting, _, url = setup
    Meeting.objects.filter(pk=meeting.pk).update(start=timezone.now() + dt.timedelta(days=2))
    body = client.get(url).content.decode()
    assert "has passed" in body


def test_publishing_with_an_item_without_papers_asks_for_confirmation_and_a_reason(
    client, setup
):
    meeting, _, url = setup
    body = client.get(url).content.decode()
    assert "Reason for publishing now" in body and "has no papers" in body
    response = client.post(url, {"reason": "AOB is oral"})
    assert response.status_code == 200
    assert "Confirm that you want to publish now and give the reason" in response.content.decode()
    assert "AOB is oral" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert not PackRender.objects.filter(meeting=meeting).exists()


def test_post_publishes_and_renders_both_editions(client, setup):
    meeting, user, url = setup
    response = client.post(url, {"confirm": "yes", "reason": "Any other business is oral"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="meeting_publish", object_id=str(meeting.pk))
    assert entry.detail["reason"] == "Any other business is oral"
    assert entry.detail["problems"] == ["item 2 has no papers"]  # AOB
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.published_by == user and meeting.publication_date == timezone.localdate()
    assert AuditEntry.objects.filter(action="meeting_publish", object_id=str(meeting.pk)).exists()
    renders = {r.edition: r for r in PackRender.objects.filter(meeting=meeting)}
    assert set(renders) == {"public", "members"}
    assert all(r.status == "ready" and r.supplement is None for r in renders.values())
    public = pdf_text(renders["public"].file.read())
    members = pdf_text(renders["members"].file.read())
    assert "Delivery Plan Report" in public and CANARY not in public
    assert CANARY in members


def test_publishing_twice_is_refused(client, setup):
    meeting, _, url = setup
    client.post(url, {"confirm": "yes", "reason": "Oral item"})
    response = client.post(url, {"confirm": "yes", "reason": "Oral item"})
    assert response.status_code == 200
    assert "already been published" in response.content.decode()
    assert PackRender.objects.filter(meeting=meeting).count() == 2


def test_checklist_queries_do_not_grow_with_the_agenda(client, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting, _, url = setup
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3, 12):
        item = f.AgendaItemFactory(meeting=meeting, position=n)
        f.PaperFactory(agenda_item=item)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
