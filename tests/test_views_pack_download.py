"""Downloading a meeting's agenda pack: the latest ready file of an edition."""
import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, PackRender
from tests.factories import (
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n% a very small pack\n%%EOF\n"


@pytest.fixture
def meeting():
    return MeetingFactory(
        board=BoardFactory(slug="bd-csp"),
        start=timezone.make_aware(dt.datetime(2018, 3, 28, 10, 0)),
        status=Meeting.Status.AGENDA_PUBLISHED,
    )


@pytest.fixture
def member(meeting):
    user = UserFactory()
    MembershipFactory(board=meeting.board, person=PersonFactory(user=user))
    return user


def make_render(meeting, edition, content=PDF_BYTES, status=PackRender.Status.READY, **extra):
    render = PackRender(meeting=meeting, edition=edition, status=status, **extra)
    if content is not None:
        render.file.save(f"{edition}.pdf", ContentFile(content), save=False)
        render.size_bytes = len(content)
    render.save()
    return render


def public_url(meeting) -> str:
    return reverse("boards:public_pack_download", args=[meeting.board.slug, meeting.pk])


def members_url(meeting) -> str:
    return reverse("boards:members_pack_download", args=[meeting.board.slug, meeting.pk])


def test_public_pack_returns_the_stored_file_as_a_pdf_attachment(client, meeting):
    make_render(meeting, PackRender.Edition.PUBLIC)

    response = client.get(public_url(meeting))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="bd-csp-2018-03-28-public-agenda-pack.pdf"'
    )


def test_the_latest_ready_render_wins_over_older_ones_and_later_failures(client, meeting):
    make_render(meeting, PackRender.Edition.PUBLIC, content=b"%PDF old",
                finished_at=timezone.now() - dt.timedelta(hours=2))
    make_render(meeting, PackRender.Edition.PUBLIC, content=b"%PDF new",
                finished_at=timezone.now() - dt.timedelta(hours=1))
    make_render(meeting, PackRender.Edition.PUBLIC, content=None, status=PackRender.Status.FAILED)

    response = client.get(public_url(meeting))

    assert b"".join(response.streaming_content) == b"%PDF new"


def test_404_when_no_ready_pack(client, meeting):
    assert client.get(public_url(meeting)).status_code == 404
    make_render(meeting, PackRender.Edition.PUBLIC, content=None, status=PackRender.Status.FAILED)
    make_render(meeting, PackRender.Edition.PUBLIC, content=None, status=PackRender.Status.QUEUED)
    assert client.get(public_url(meeting)).status_code == 404


def test_the_public_url_never_serves_the_members_pack(client, meeting):
    make_render(meeting, PackRender.Edition.MEMBERS, content=b"%PDF members")
    assert client.get(public_url(meeting)).status_code == 404


def test_members_pack_redirects_anonymous_to_sign_in(client, meeting):
    make_render(meeting, PackRender.Edition.MEMBERS, content=b"%PDF members")
    response = client.get(members_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_members_pack_is_forbidden_to_non_members(client, meeting):
    make_render(meeting, PackRender.Edition.MEMBERS, content=b"%PDF members")
    client.force_login(UserFactory())
    assert client.get(members_url(meeting)).status_code == 403


def test_members_pack_is_served_to_members(client, meeting, member):
    make_render(meeting, PackRender.Edition.MEMBERS, content=b"%PDF members")
    client.force_login(member)
    response = client.get(members_url(meeting))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF members"
    assert "bd-csp-2018-03-28-members-agenda-pack.pdf" in response["Content-Disposition"]


def test_public_pack_of_a_planned_meeting_is_404_for_non_members(client, meeting, member):
    meeting.status = Meeting.Status.PLANNED
    meeting.save()
    make_render(meeting, PackRender.Edition.PUBLIC)
    assert client.get(public_url(meeting)).status_code == 404
    client.force_login(member)
    assert client.get(public_url(meeting)).status_code == 200


def test_404_when_the_stored_file_has_gone(client, meeting):
    render = make_render(meeting, PackRender.Edition.PUBLIC)
    render.file.storage.delete(render.file.name)
    assert client.get(public_url(meeting)).status_code == 404
