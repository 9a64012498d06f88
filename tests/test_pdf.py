"""The shared PDF generator (csp_portal.pdf)."""
import io

import pytest
from pypdf import PdfReader

from csp_portal import pdf

PAGES_HTML = """<!DOCTYPE html><html lang="en-GB"><head><title>{title}</title></head><body>
<h1 id="first">First</h1>
<p id="second" style="break-before: page">Second</p>
<p id="third" style="break-before: page">Third</p>
</body></html>"""


def test_render_html_lays_out_pages_and_anchor_pages_reads_them():
    document = pdf.render_html(html=PAGES_HTML.format(title="Three pages"))
    assert len(document.pages) == 3
    pages = pdf.anchor_pages(document)
    assert (pages["first"], pages["second"], pages["third"]) == (1, 2, 3)


def test_render_document_uses_django_templates_and_template_stylesheets():
    document = pdf.render_document(
        template_name="packs/filler.html", context={"title": "Filler"},
        stylesheets=["packs/pack.css"],
    )
    assert len(document.pages) == 1
    assert document.metadata.title == "Filler"
    assert document.metadata.lang == "en-GB"


def test_write_pdf_combines_documents_in_order_with_first_metadata_and_tags():
    first = pdf.render_html(html=PAGES_HTML.format(title="Combined"))
    second = pdf.render_html(html=PAGES_HTML.format(title="Ignored").replace("First", "Fourth"))
    data = pdf.write_pdf([first, second.pages[0]])
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4
    assert "Fourth" in reader.pages[3].extract_text()
    assert reader.metadata.title == "Combined"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert pdf.pdf_page_count(data) == 4


def test_write_pdf_needs_a_document():
    with pytest.raises(ValueError):
        pdf.write_pdf([])


@pytest.mark.parametrize("url", ["http://example.org/a.png", "https://example.org/a.css",
                                 "ftp://example.org/x"])
def test_url_fetcher_refuses_remote_urls(url):
    with pytest.raises(ValueError, match="not allowed"):
        pdf.LocalOnlyURLFetcher().fetch(url)


def test_url_fetcher_serves_data_urls():
    response = pdf.LocalOnlyURLFetcher().fetch("data:text/plain,hello")
    assert response.read() == b"hello"


def test_remote_resources_are_never_requested(monkeypatch):
    requested = []
    original = pdf.URLFetcher.fetch

    def spy(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.URLFetcher, "fetch", spy)
    html = ('<html lang="en-GB"><head><link rel="stylesheet" href="https://example.org/x.css">'
            '</head><body><img src="http://example.org/x.png" alt=""><p>Text</p></body></html>')
    document = pdf.render_html(html=html)
    assert len(document.pages) == 1
    assert not [url for url in requested if url.startswith("http")]
