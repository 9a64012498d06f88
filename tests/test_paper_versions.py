"""Published means fixed: a published paper's public page shows what was published; a change
after publication needs a reason and goes out as a correction or in a supplementary agenda,
and every version is kept and can be read."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.models import Meeting, Paper, PaperVersion, supplement_papers_all
from boards.publishing import services
from boards.publishing.services import PaperDetails
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting, paper_post

pytestmark = pytest.mark.django_db


def _details(title="Delivery plan", body="Burglary is up."):
    return PaperDetails(title=title, heading="REPORT", sections=(("1. Purpose", body),))


@pytest.fixture
def published(client):
    board, user, meeting, reports, _ = clerk_and_meeting()
    paper = services.paper_create(agenda_item=reports, actor=user, details=_details())
    services.meeting_publish(meeting=meeting, actor=user, reason="Item 2 is verbal")
    paper.refresh_from_db()
    return user, meeting, paper


def _page(client, paper, number=None) -> str:
    meeting = paper.agenda_item.meeting
    args = [meeting.board.slug, meeting.pk, paper.pk]
    if number is None:
        response = client.get(reverse("boards:paper_detail", args=args))
    else:
        response = client.get(reverse("boards:paper_version_detail", args=[*args, number]))
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_keeps_each_paper_as_published(published):
    _, meeting, paper = published
    version = paper.versions.get()
    assert version.number == 1 and version.kind == PaperVersion.Kind.PUBLISHED
    assert version.published_at == Meeting.objects.get(pk=meeting.pk).published_at
    assert version.content["sections"][0]["body"] == "Burglary is up."


def test_a_change_after_publication_needs_a_reason_and_changes_nothing_without_one(published):
    user, _, paper = published
    with pytest.raises(ValidationError) as error:
        services.paper_update(paper=paper, actor=user, details=_details(body="Burglary is down."))
    assert {"change_reason", "change_kind"} <= set(error.value.message_dict)
    paper = Paper.objects.get(pk=paper.pk)
    assert paper.sections.get().body == "Burglary is up."
    assert paper.versions.count() == 1


def test_an_unchanged_save_needs_no_reason(published):
    user, _, paper = published
    services.paper_update(paper=paper, actor=user, details=_details())
    assert paper.versions.count() == 1


def test_a_correction_goes_out_now_and_both_versions_are_kept(client, published):
    user, meeting, paper = published
    requested = meeting.pack_renders.count()
    services.paper_update(paper=paper, actor=user, details=_details(body="Burglary is down."),
                          change_reason="The figure was misprinted", change_kind="correction")
    versions = list(paper.versions.order_by("number"))
    assert [v.kind for v in versions] == ["published", "correction"]
    assert versions[1].reason == "The figure was misprinted" and versions[1].published_at
    assert meeting.pack_renders.count() == requested + 2  # both packs again
    page = _page(client, paper)
    assert "Burglary is down." in page and "Burglary is up." not in page
    assert "Corrected on" in page and "The figure was misprinted" in page
    old = _page(client, paper, 1)
    assert "Burglary is up." in old and "see the current version" in old


def test_a_supplement_revision_waits_for_its_supplement(client, published):
    user, meeting, paper = published
    services.paper_update(paper=paper, actor=user, details=_details(body="Burglary is down."),
                          change_reason="New quarter's figures", change_kind="supplement")
    pending = paper.versions.get(number=2)
    assert pending.published_at is None and pending.supplement.number == 1
    assert "New quarter's figures" in pending.supplement.reason
    assert list(supplement_papers_all(pending.supplement)) == [paper]
    # The public page still shows what was published; the revision is not yet readable.
    page = _page(client, paper)
    assert "Burglary is up." in page and "Burglary is down." not in page
    meeting_args = [meeting.board.slug, meeting.pk, paper.pk, 2]
    assert client.get(reverse("boards:paper_version_detail", args=meeting_args)
                      ).status_code == 404
    services.supplement_publish(supplement=pending.supplement, actor=user)
    page = _page(client, paper)
    assert "Burglary is down." in page and "Revised in supplementary agenda 1" in page
    assert "Burglary is up." in _page(client, paper, 1)


def test_a_supplement_is_refused_once_the_meeting_is_held(published):
    user, meeting, paper = published
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    paper = Paper.objects.get(pk=paper.pk)
    with pytest.raises(ValidationError) as error:
        services.paper_update(paper=paper, actor=user, details=_details(body="Changed"),
                              change_reason="Late", change_kind="supplement")
    assert "change_kind" in error.value.message_dict


def test_a_published_paper_cannot_be_removed(published):
    user, _, paper = published
    with pytest.raises(ValidationError):
        services.paper_delete(paper=paper, actor=user)
    assert Paper.objects.filter(pk=paper.pk).exists()


def test_a_paper_published_before_versions_keeps_its_published_text_on_first_change(client):
    meeting = f.MeetingFactory(status=Meeting.Status.AGENDA_PUBLISHED)
    paper = f.PaperFactory(agenda_item=f.AgendaItemFactory(meeting=meeting), title="Old")
    f.PaperSectionFactory(paper=paper, body="As sent in the pack")
    services.paper_update(paper=paper, actor=None, details=_details(title="New"),
                          change_reason="Wrong report attached", change_kind="correction")
    first, second = paper.versions.order_by("number")
    assert first.content["title"] == "Old"
    assert first.content["sections"][0]["body"] == "As sent in the pack"
    assert second.content["title"] == "New"
    assert "As sent in the pack" in _page(client, paper, 1)


def test_the_edit_page_asks_for_the_reason_and_keeps_what_was_typed(client, published):
    user, meeting, paper = published
    client.force_login(user)
    url = reverse("boards:paper_edit", args=[meeting.board.slug, meeting.pk, paper.pk])
    assert "Why is the published paper changing?" in client.get(url).content.decode()
    response = client.post(url, paper_post(body="Burglary is down."))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter why the published paper is changing" in body
    assert "Burglary is down." in body
    assert paper.versions.count() == 1
    response = client.post(url, paper_post(body="Burglary is down.", change_reason="Misprint",
                                           change_kind="correction"))
    assert response.status_code == 302
    assert paper.versions.count() == 2


def test_a_restricted_version_is_not_shown_to_the_public(client, published):
    user, meeting, paper = published
    services.paper_update(
        paper=paper, actor=user,
        details=PaperDetails(title="Delivery plan", security="restricted", exempt_paragraph=7,
                             sections=(("1. Purpose", "Names of suspects"),)),
        change_reason="Contains personal data", change_kind="correction",
    )
    args = [meeting.board.slug, meeting.pk, paper.pk]
    assert client.get(reverse("boards:paper_detail", args=args)).status_code == 404
    assert client.get(reverse("boards:paper_version_detail", args=[*args, 2])).status_code == 404


def _pack_paper_text(parts) -> list[str]:
    return [s.body for part in parts if part.kind == "paper" for s in part.context["sections"]]


def test_packs_print_what_went_out_not_a_revision_still_waiting(published):
    from boards.packs.context import body_parts
    from boards.packs.supplement import supplement_parts

    user, meeting, paper = published
    services.paper_update(paper=paper, actor=user, details=_details(body="Burglary is down."),
                          change_reason="New quarter's figures", change_kind="supplement")
    meeting = Meeting.objects.get(pk=meeting.pk)
    for edition in ("public", "members"):
        parts = body_parts(meeting, edition=edition, upload_page_count=lambda p: 1)
        assert _pack_paper_text(parts) == ["Burglary is up."]
    supplement = paper.versions.get(number=2).supplement
    services.supplement_publish(supplement=supplement, actor=user)
    parts = supplement_parts(supplement, edition="public", upload_page_count=lambda p: 1)
    assert _pack_paper_text(parts) == ["Burglary is down."]
    # The main pack, rendered again, still prints the agenda's version.
    parts = body_parts(meeting, edition="public", upload_page_count=lambda p: 1)
    assert _pack_paper_text(parts) == ["Burglary is up."]


def test_a_correction_is_what_the_main_pack_prints(published):
    from boards.packs.context import body_parts

    user, meeting, paper = published
    services.paper_update(paper=paper, actor=user, details=_details(body="Burglary is down."),
                          change_reason="Misprint", change_kind="correction")
    parts = body_parts(Meeting.objects.get(pk=meeting.pk), edition="public",
                       upload_page_count=lambda p: 1)
    assert _pack_paper_text(parts) == ["Burglary is down."]
