"""Publishing a supplementary agenda (boards:supplement_publish) and its pack downloads."""
import pytest
from django.urls import reverse

from boards.models import Meeting, PackRender, SupplementaryAgenda
from csp_portal.models import AuditEntry
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-SUPPLEMENT-6c2e"


@pytest.fixture
def setup(client):
    board, user, meeting, reports, aob = clerk_and_meeting(
        status=Meeting.Status.AGENDA_PUBLISHED
    )
    main = f.PaperFactory(agenda_item=reports, title="Original Report")
    f.PaperSectionFactory(paper=main, body="Original text.")
    supplement = SupplementaryAgenda.objects.create(
        meeting=meeting, number=1, reason="The figures arrived after publication"
    )
    late = f.PaperFactory(agenda_item=reports, title="Late Figures Report", supplement=supplement)
    f.PaperSectionFactory(paper=late, body="Late open text.")
    secret = f.PaperFactory(agenda_item=aob, title="Late Case Review", supplement=supplement,
                            security="restricted", exempt_paragraph=1)
    f.PaperSectionFactory(paper=secret, body=CANARY)
    client.force_login(user)
    url = reverse("boards:supplement_publish", args=[board.slug, meeting.pk, 1])
    return meeting, supplement, url


def download(client, meeting, edition):
    name = f"boards:supplement_{edition}_pack_download"
    response = client.get(reverse(name, args=[meeting.board.slug, meeting.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_get_lists_the_reason_and_papers(client, setup):
    _, _, url = setup
    body = client.get(url).content.decode()
    assert "The figures arrived after publication" in body
    assert "Late Figures Report" in body and "Late Case Review" in body


def test_publish_renders_numbered_packs_of_only_the_supplement_papers(client, setup):
    meeting, supplement, url = setup
    assert client.post(url).status_code == 302
    supplement.refresh_from_db()
    assert supplement.published_at is not None
    assert AuditEntry.objects.filter(action="supplement_publish").exists()
    renders = PackRender.objects.filter(supplement=supplement)
    assert {r.edition for r in renders} == {"public", "members"}
    assert all(r.status == "ready" for r in renders), [r.error for r in renders]
    assert "-supplement-1-" in renders[0].file.name

    public = pdf_text(download(client, meeting, "public"))
    assert "Supplementary agenda pack No. 1" in public
    assert "The figures arrived after publication" in public
    assert "Late Figures Report" in public and "Late open text." in public
    assert "Original text." not in public
    assert CANARY not in public
    assert "Exempt – paragraph 1" in public

    members = pdf_text(download(client, meeting, "members"))
    assert CANARY in members and "Original text." not in members


def test_main_pack_leaves_supplement_papers_out(client, setup):
    from boards.packs import build_agenda_pack

    meeting, _, _ = setup
    text = pdf_text(build_agenda_pack(meeting=meeting, edition="members").pdf)
    assert "Original text." in text and "Late open text." not in text


def test_meeting_page_lists_the_supplementary_packs(client, setup):
    meeting, _, url = setup
    client.post(url)
    client.logout()
    body = client.get(
        reverse("boards:meeting_detail", args=[meeting.board.slug, meeting.pk])
    ).content.decode()
    assert "Supplementary agenda 1" in body
    assert "Download the supplementary agenda 1 public pack" in body
    assert "supplementary agenda 1 members" not in body


def test_a_published_supplement_cannot_be_published_again(client, setup):
    _, _, url = setup
    client.post(url)
    assert client.post(url).status_code == 404


def test_an_empty_supplement_is_refused(client, setup):
    meeting, supplement, url = setup
    supplement.papers.update(supplement=None)
    response = client.post(url)
    assert response.status_code == 200 and "has no papers" in response.content.decode()
