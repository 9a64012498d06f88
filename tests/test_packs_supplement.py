"""Supplementary agenda packs as councils issue them (DOMAIN.md: Publication and access rules).

"Supplementary agenda pack No. N", page numbers continuing from the pack before
it, each late item once with one page range and its reasons for urgency,
numbered as entered, and verbal late items with their reasons. The PDFs are read
back with pypdf: footers, agenda page references, page labels and bookmarks.
"""
import io
import re

import pytest
from pypdf import PdfReader

from boards.models import Meeting, PackRender, SupplementaryAgenda
from boards.packs import build_agenda_pack
from boards.packs.render import supplement_first_page
from boards.publishing.services import (
    CoverSheet,
    PaperDetails,
    meeting_publish,
    paper_create,
    supplement_publish,
)
from tests import factories as f
from tests.publishing_helpers import clerk_and_meeting

pytestmark = pytest.mark.django_db

# The reason a clerk gives for publishing past the deadline or with an item without papers.
LATE = "Published late, with a verbal item"


def footer_numbers(data: bytes) -> list[int | None]:
    """The "Page N" footer of every page, None where there is none (front matter)."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found = re.findall(r"^Page (\d+)\s*$", page.extract_text() or "", re.M)
        out.append(int(found[-1]) if found else None)
    return out


def front_text(data: bytes, pages: int) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages[:pages])


def long_body(paragraphs: int = 40) -> str:
    return "\n\n".join(f"Paragraph {n} of the report, long enough to fill some of a page "
                       "with words that wrap over a line or two." for n in range(paragraphs))


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    """A meeting published with a two-page paper: its packs rendered in-process."""
    board, user, meeting, reports, aob = clerk_and_meeting()
    paper = f.PaperFactory(agenda_item=reports, title="Annual Strategic Assessment")
    f.PaperSectionFactory(paper=paper, body=long_body())
    with django_capture_on_commit_callbacks(execute=True):
        meeting_publish(meeting=meeting, actor=user, reason=LATE)
    meeting.refresh_from_db()
    return meeting, user, reports, aob


@pytest.fixture
def unrendered():
    """A meeting whose agenda is published, its packs not rendered (the builder is called)."""
    board, user, meeting, reports, aob = clerk_and_meeting(
        status=Meeting.Status.AGENDA_PUBLISHED)
    return meeting, user, reports, aob


def late_paper(item, user, title, reason, **details):
    return paper_create(agenda_item=item, actor=user, urgency_reason=reason,
                        details=PaperDetails(title=title, sections=(("1. Purpose", "Late."),),
                                             **details))


def publish(supplement, user, capture) -> dict[str, PackRender]:
    with capture(execute=True):
        supplement_publish(supplement=supplement, actor=user)
    renders = {r.edition: r for r in PackRender.objects.filter(supplement=supplement)}
    assert all(r.status == "ready" for r in renders.values()), [
        r.error for r in renders.values()]
    return renders


def test_supplements_first_page_follows_the_last_of_the_pack_before(
    published, django_capture_on_commit_callbacks
):
    meeting, user, reports, _ = published
    main = PackRender.objects.get(meeting=meeting, supplement=None, edition="public")
    assert main.status == "ready" and main.first_page == 1
    main_numbers = [n for n in footer_numbers(main.file.read()) if n is not None]
    assert main.last_page == main_numbers[-1] >= 2

    late_paper(reports, user, "Late Figures", "The figures came after publication.")
    supplement = SupplementaryAgenda.objects.get(meeting=meeting, number=1)
    renders = publish(supplement, user, django_capture_on_commit_callbacks)
    for edition, render in renders.items():
        previous = PackRender.objects.get(meeting=meeting, supplement=None, edition=edition)
        data = render.file.read()
        numbers = [n for n in footer_numbers(data) if n is not None]
        assert numbers[0] == previous.last_page + 1 == render.first_page
        assert numbers[-1] == render.last_page
        assert numbers == list(range(render.first_page, render.last_page + 1))
        front = front_text(data, 2)
        assert "Supplementary agenda pack No. 1" in front
        assert f"(Page {render.first_page})" in front
        assert link_descriptions(data) == [f"Go to page {render.first_page}"]

    late_paper(reports, user, "Later Still", "A second late matter.")
    second = publish(SupplementaryAgenda.objects.get(number=2), user,
                     django_capture_on_commit_callbacks)
    for edition in ("public", "members"):
        assert second[edition].first_page == renders[edition].last_page + 1
        data = second[edition].file.read()
        numbers = [n for n in footer_numbers(data) if n is not None]
        assert numbers[0] == renders[edition].last_page + 1
        assert "Supplementary agenda pack No. 2" in front_text(data, 1)


def link_descriptions(data: bytes) -> list[str]:
    """The description of every link of the PDF (csp_portal.pdf_finish.link_descriptions)."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Contents" in annot:
                found.append(str(annot["/Contents"]))
    return found


def test_first_page_is_counted_when_the_main_pack_was_never_rendered(unrendered):
    meeting, user, reports, _ = unrendered
    paper = f.PaperFactory(agenda_item=reports, title="Main Paper")
    f.PaperSectionFactory(paper=paper, body=long_body())
    main = build_agenda_pack(meeting=meeting, edition="members")
    assert main.first_page == 1 and main.last_page == main.body_pages >= 2
    late_paper(reports, user, "Late Figures", "Late.")
    supplement = SupplementaryAgenda.objects.get(number=1)
    assert supplement_first_page(supplement=supplement, edition="members") == main.last_page + 1


def test_late_item_is_listed_once_with_one_range_its_number_and_reasons(unrendered):
    meeting, user, reports, _ = unrendered
    late_paper(reports, user, "Late Figures Part One", "The police data came on Monday.")
    late_paper(reports, user, "Late Figures Part Two", "The health data came on Tuesday.")
    supplement = SupplementaryAgenda.objects.get(meeting=meeting, number=1)
    reports.number = "8.3"
    reports.save()
    build = build_agenda_pack(meeting=meeting, edition="public", supplement=supplement,
                              first_page=108)
    texts = footer_numbers(build.pdf)
    assert texts[build.front_pages] == 108
    assert build.first_page == 108 and build.last_page == 107 + build.body_pages
    front = front_text(build.pdf, build.front_pages)
    assert front.count("8.3 Reports") == 1
    assert re.search(r"8\.3 Reports \(Pages? 108( - \d+)?\)", front)
    last = re.search(r"8\.3 Reports \(Pages? 108(?: - (\d+))?\)", front)[1]
    assert int(last or 108) == build.last_page
    assert "The police data came on Monday." in front
    assert "The health data came on Tuesday." in front
    assert build.page_references[str(reports.pk)] == [108, build.last_page]
    reader = PdfReader(io.BytesIO(build.pdf))
    bookmarks = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert bookmarks[0] == ("Supplementary agenda pack No. 1", 0)
    assert bookmarks[1] == ("8.3 Reports", build.front_pages)


def test_verbal_late_item_carries_its_reason_and_restricted_reasons_stay_out_of_public(
    unrendered
):
    meeting, user, reports, aob = unrendered
    supplement = SupplementaryAgenda.objects.create(meeting=meeting, number=1, reason="Late.")
    f.AgendaItemFactory(meeting=meeting, position=3, title="Knife Crime Update",
                        is_verbal=True, supplement=supplement,
                        urgency_reason="An incident last week needs the board's response.")
    secret = f.AgendaItemFactory(meeting=meeting, position=4, title="Case Review",
                                 is_verbal=True, supplement=supplement, is_restricted=True,
                                 exempt_paragraph=1,
                                 urgency_reason="CANARY-REASON names the family.")
    public = front_text(build_agenda_pack(meeting=meeting, edition="public",
                                          supplement=supplement).pdf, 2)
    assert "Knife Crime Update (Verbal)" in public
    assert "An incident last week needs the board's response." in public
    assert "Case Review" in public and "Exempt – paragraph 1" in public
    assert "CANARY-REASON" not in public
    members = front_text(build_agenda_pack(meeting=meeting, edition="members",
                                           supplement=supplement).pdf, 2)
    assert "CANARY-REASON names the family." in members
    assert secret.label == "4"


def test_main_pack_leaves_late_items_out(unrendered):
    meeting, _, _, _ = unrendered
    supplement = SupplementaryAgenda.objects.create(meeting=meeting, number=1, reason="Late.")
    f.AgendaItemFactory(meeting=meeting, position=3, title="Late Verbal Matter",
                        is_verbal=True, supplement=supplement, urgency_reason="Because.")
    build = build_agenda_pack(meeting=meeting, edition="members")
    assert "Late Verbal Matter" not in front_text(build.pdf, build.front_pages)


def test_supplement_with_a_cover_sheet_passes_the_pdfua_check(unrendered):
    from tests.test_packs_builder import pdfua_findings

    meeting, user, reports, _ = unrendered
    paper = late_paper(reports, user, "Late Figures", "The figures came late.",
                       cover=CoverSheet(report_of="Director of Community Safety",
                                        key_decision=False,
                                        sign_offs=(("Finance", "Jo Money", None),)))
    build = build_agenda_pack(meeting=meeting, edition="members", supplement=paper.supplement,
                              first_page=12)
    assert "Jo Money" in front_text(build.pdf, len(PdfReader(io.BytesIO(build.pdf)).pages))
    assert pdfua_findings(build.pdf) == 0
