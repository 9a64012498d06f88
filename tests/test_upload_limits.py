"""Uploaded papers: a page cap on PDFs, and GOV.UK pages (not a bare 400) for requests that
are too large or cannot be read."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from boards.models import Paper
from boards.publishing.uploads import paper_upload_check
from tests.publishing_helpers import clerk_and_meeting, paper_post

pytestmark = pytest.mark.django_db


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def setup(client):
    board, user, meeting, reports, aob = clerk_and_meeting()
    client.force_login(user)
    return reverse("boards:paper_add", args=[board.slug, meeting.pk, reports.pk])


def test_the_page_cap_defaults_to_500_and_is_a_setting(settings):
    assert settings.PAPER_PDF_MAX_PAGES == 500
    assert paper_upload_check(SimpleUploadedFile("p.pdf", _pdf(500))) == 500
    with pytest.raises(Exception, match="The PDF has 501 pages; a paper may have at most 500"):
        paper_upload_check(SimpleUploadedFile("p.pdf", _pdf(501)))


def test_a_pdf_over_the_page_cap_is_refused_on_the_form(client, setup, settings):
    settings.PAPER_PDF_MAX_PAGES = 3
    upload = SimpleUploadedFile("paper.pdf", _pdf(4), content_type="application/pdf")
    response = client.post(setup, {**paper_post(body=""), "uploaded_pdf": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The PDF has 4 pages; a paper may have at most 3" in body
    assert 'value="Delivery plan"' in body  # what was typed is kept
    assert not Paper.objects.exists()
    upload = SimpleUploadedFile("paper.pdf", _pdf(3), content_type="application/pdf")
    assert client.post(setup, {**paper_post(body=""), "uploaded_pdf": upload}).status_code == 302


def test_a_page_tree_that_states_too_many_pages_is_refused_without_walking_it(settings):
    settings.PAPER_PDF_MAX_PAGES = 10
    data = _pdf(2).replace(b"/Count 2", b"/Count 99999")
    with pytest.raises(Exception, match="The PDF has 99,999 pages"):
        paper_upload_check(SimpleUploadedFile("p.pdf", data))


def test_a_request_over_the_upload_limit_gets_the_govuk_page_and_saves_nothing(
    client, setup, settings,
):
    settings.MAX_REQUEST_BYTES = 50_000
    upload = SimpleUploadedFile("paper.pdf", b"%PDF-1.7\n" + b"0" * 60_000)
    response = client.post(setup, {**paper_post(body=""), "uploaded_pdf": upload})
    assert response.status_code == 413
    body = response.content.decode()
    assert "<h1 class=\"govuk-heading-l\">The file is too large</h1>" in body
    assert "govuk-template" in body and "Nothing was saved" in body
    assert not Paper.objects.exists()


def test_a_form_over_djangos_field_limit_gets_the_govuk_400_page(client, setup, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = client.post(setup, {**paper_post(), "sections-0-body": "x" * 5_000})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The file is too large" in body and "govuk-template" in body


def test_an_unreadable_form_gets_the_govuk_400_page(client, setup, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(setup, {f"field{n}": "x" for n in range(50)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem with what was sent" in body and "govuk-template" in body
