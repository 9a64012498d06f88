"""Adding a paper (boards:paper_add): cover report sections, PDF upload checks, supplements."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import Meeting, Paper, SupplementaryAgenda
from csp_portal.models import AuditEntry
from tests.publishing_helpers import clerk_and_meeting, paper_post, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    board, user, meeting, reports, aob = clerk_and_meeting()
    client.force_login(user)
    url = reverse("boards:paper_add", args=[board.slug, meeting.pk, reports.pk])
    return meeting, reports, url


def test_form_offers_the_cover_report_sections(client, setup):
    _, _, url = setup
    response = client.get(url)
    body = response.content.decode()
    assert "Purpose of Presenting the Report and Decisions Required" in body
    assert "Reason for urgency" not in body


def test_structured_paper_is_saved_with_sections_and_audited(client, setup):
    meeting, reports, url = setup
    response = client.post(url, paper_post(body="Burglary is up."))
    assert response.status_code == 302
    paper = Paper.objects.get(agenda_item=reports)
    assert paper.title == "Delivery plan" and paper.supplement is None
    sections = [(s.heading, s.body) for s in paper.sections.all()]
    assert sections == [("1. Purpose", "Burglary is up.")]
    assert AuditEntry.objects.filter(action="paper_create", object_id=str(paper.pk)).exists()


def test_restricted_paper_needs_its_exempt_paragraph(client, setup):
    _, reports, url = setup
    response = client.post(url, paper_post(security="restricted"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "Choose the exempt paragraph of a restricted paper" in body
    assert 'value="Delivery plan"' in body  # what was typed is kept
    assert not Paper.objects.exists()
    client.post(url, paper_post(security="restricted", paragraph="7"))
    paper = Paper.objects.get()
    assert paper.is_restricted and paper.exempt_paragraph == 7


def test_real_pdf_upload_is_accepted(client, setup):
    _, _, url = setup
    upload = SimpleUploadedFile("paper.pdf", tiny_pdf(), content_type="application/pdf")
    response = client.post(url, {**paper_post(body=""), "uploaded_pdf": upload})
    assert response.status_code == 302
    assert Paper.objects.get().uploaded_pdf.read().startswith(b"%PDF-")


def test_text_file_named_pdf_is_refused(client, setup):
    _, _, url = setup
    upload = SimpleUploadedFile("paper.pdf", b"just some text", content_type="application/pdf")
    response = client.post(url, {**paper_post(body=""), "uploaded_pdf": upload})
    assert response.status_code == 200
    assert "The selected file must be a PDF" in response.content.decode()
    assert not Paper.objects.exists()


def test_pdf_header_without_a_readable_pdf_is_refused(client, setup):
    _, _, url = setup
    upload = SimpleUploadedFile("paper.pdf", b"%PDF-1.7\nnot really", content_type="text/plain")
    response = client.post(url, {**paper_post(body=""), "uploaded_pdf": upload})
    assert "cannot be read as a PDF" in response.content.decode()


def test_oversize_upload_is_refused_with_the_limit(client, setup, settings):
    settings.PAPER_UPLOAD_MAX_BYTES = 100
    _, _, url = setup
    upload = SimpleUploadedFile("paper.pdf", tiny_pdf(), content_type="application/pdf")
    response = client.post(url, {**paper_post(body=""), "uploaded_pdf": upload})
    assert "The file must be smaller than 100" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_paper_needs_sections_or_an_upload(client, setup):
    _, _, url = setup
    response = client.post(url, paper_post(body="", **{"sections-0-heading": ""}))
    assert "Add at least one section or upload a PDF" in response.content.decode()


def test_after_publication_a_paper_needs_a_reason_and_joins_a_supplement(client, setup):
    meeting, reports, url = setup
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
    response = client.post(url, paper_post())
    assert "Enter the reason for urgency" in response.content.decode()
    client.post(url, paper_post("Late one", urgency_reason="Data arrived late"))
    client.post(url, paper_post("Late two", urgency_reason="Data arrived late"))
    supplement = SupplementaryAgenda.objects.get()
    assert supplement.number == 1 and supplement.reason == "Data arrived late"
    assert set(supplement.papers.values_list("title", flat=True)) == {"Late one", "Late two"}
    supplement.published_at = supplement.meeting.start
    supplement.save()
    client.post(url, paper_post("Later still", urgency_reason="Court date moved"))
    assert Paper.objects.get(title="Later still").supplement.number == 2


def test_item_of_another_meeting_is_404(client, setup):
    meeting, _, _ = setup
    url = reverse("boards:paper_add", args=[meeting.board.slug, meeting.pk, 99999])
    assert client.get(url).status_code == 404


def test_an_appendix_can_print_under_its_own_headings(client, setup):
    from boards.packs import build_agenda_pack
    from tests.publishing_helpers import pdf_text

    meeting, reports, url = setup
    data = paper_post(body="Date: 15TH FEBRUARY 2018")
    data.update(title="Safer Neighbourhood Board – Open Public Meeting",
                heading="NOTES OF MEETING", own_headings="on")
    assert client.post(url, data).status_code == 302
    paper = Paper.objects.get(agenda_item=reports)
    assert paper.own_headings
    text = " ".join(pdf_text(build_agenda_pack(meeting=meeting, edition="public").pdf).split())
    assert "Safer Neighbourhood Board – Open Public Meeting NOTES OF MEETING 1. Purpose Date:" in (
        text)
    assert "Security:" not in text and "Subject:" not in text
