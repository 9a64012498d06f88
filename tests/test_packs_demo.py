"""The demo board's 28 March 2018 agenda pack against the seed pack (boards.packs).

Slow-ish (both editions of a 70-page pack rendered cold, once for the module, then
assembled again from the cached parts), but kept in
the suite: it is the end-to-end check of page references and editions on real
data. The titles below are the seed pack's report subjects and headings, in the
seed's order (/work/shared/seeds/bd-csp-board-agenda-pack-2018-03-28.txt).
"""
import datetime as dt
import hashlib
import io
import re
import subprocess
import sys

import pytest
from django.db import transaction
from django.test import override_settings
from pypdf import PdfReader

from boards.demo.loader import load_demo
from boards.models import Meeting, PaperSection
from boards.packs import build_agenda_pack, format_page_reference
from csp_portal import pdf_cache

SEED_TITLES = [
    "Community Safety Partnership Board Minutes",
    "Action Log",
    "Safer Neighbourhood Chair's Report",
    "Safer Neighbourhood Board – Open Public Meeting",
    "Safer Neighbourhoods Board (Closed SNB)",
    "Subgroup update reports",
    "Safer Borough Subgroup Update",
    "Violence Against Women and Girls (VAWG) Subgroup Update",
    "Children and Young People's Subgroup Update",
    "Managing Offenders Subgroup Update",
    "Community Safety Partnership Performance Report",
    "Crime and Disorder Strategic Assessment",
    "Community Safety Partnership Board Forward Plan",
]
# Agenda item title -> the first title its part of the pack prints.
FIRST_TITLE = {
    "Minutes and Action Log - To confirm as correct": "Community Safety Partnership Board Minutes",
    "Safer Neighbourhood Board Updates": "Safer Neighbourhood Chair's Report",
    "SNB Open Public Meeting - February 2018": "Safer Neighbourhood Board – Open Public Meeting",
    "SNB Minutes – March 2018": "Safer Neighbourhoods Board (Closed SNB)",
    "Subgroup Updates": "Subgroup update reports",
    "Safer Borough Board": "Safer Borough Subgroup Update",
    "Violence against Women and Girls (VAWG)": "Violence Against Women and Girls (VAWG) Subgroup",
    "Children and Young People": "Children and Young People's Subgroup Update",
    "Managing Offenders": "Managing Offenders Subgroup Update",
    "Performance Report": "Community Safety Partnership Performance Report",
    "Crime and Disorder Strategic Assessment": "Crime and Disorder Strategic Assessment",
    "Forward Plan": "Community Safety Partnership Board Forward Plan",
}
# The marker makes pytest-django create the test database the module fixture writes to.
pytestmark = pytest.mark.django_db

RESTRICTED_TEXTS = [
    "This document is a restricted document",  # the strategic assessment's cover report
    "Safety in Town Centres",  # the restricted Safer Borough subgroup update
]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both editions of the demo pack, rendered cold (an empty part store), then again from
    the stored parts (the builds the tests read), then the members' pack once more after
    one paper's text changed; the demo data is rolled back after."""
    pdf_cache.cache_clear()
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), \
            transaction.atomic():
        load_demo()
        meeting = Meeting.objects.get(board__slug="bd-csp", start__date=dt.date(2018, 3, 28))
        titles = {item.pk: item.title for item in meeting.agenda_items.all()}
        cold = {
            edition: build_agenda_pack(meeting=meeting, edition=edition)
            for edition in ("public", "members")
        }
        # Written again from the cached parts (not the file written the first time).
        pdf_cache.assembled_clear()
        builds = {
            edition: build_agenda_pack(meeting=meeting, edition=edition)
            for edition in ("public", "members")
        }
        again = build_agenda_pack(meeting=meeting, edition="members")
        section = PaperSection.objects.filter(
            paper__agenda_item__meeting=meeting, kind=PaperSection.Kind.TEXT,
            paper__uploaded_pdf="",
        ).exclude(body="").order_by("pk").first()
        section.body = section.body.replace(" ", " Eddington ", 1)
        section.save()
        edited = build_agenda_pack(meeting=meeting, edition="members")
        # The same paper grown by pages: the parts after it move, and keep their layouts.
        section.body += "\n\n" + "\n\n".join(["Eddington grows the paper. " * 40] * 12)
        section.save()
        grown = build_agenda_pack(meeting=meeting, edition="members")
        transaction.set_rollback(True)
    texts = {
        edition: [flat(p.extract_text() or "") for p in PdfReader(io.BytesIO(b.pdf)).pages]
        for edition, b in builds.items()
    }
    return {"builds": builds, "texts": texts, "titles": titles, "cold": cold,
            "edited": edited, "again": again, "grown": grown}


def test_parts_are_laid_out_once_and_reused(demo):
    cold, builds = demo["cold"], demo["builds"]
    # The members' pack reuses the parts the public pack printed alike.
    assert cold["members"].layouts < cold["public"].layouts
    # Nothing changed: nothing laid out again, and the same file to the byte.
    for edition in ("public", "members"):
        assert builds[edition].layouts == 0
        assert (hashlib.sha256(builds[edition].pdf).hexdigest()
                == hashlib.sha256(cold[edition].pdf).hexdigest())
    # Asked for once more: the file written last time, not written again.
    assert demo["again"].pdf is builds["members"].pdf
    # One paper's text changed: that part alone is laid out again.
    edited = demo["edited"]
    assert edited.layouts == 1
    assert edited.page_references == builds["members"].page_references
    assert "Eddington" in " ".join(
        flat(p.extract_text() or "") for p in PdfReader(io.BytesIO(edited.pdf)).pages)
    # Grown by pages: the parts after it print on later pages, but only that paper, the
    # performance report's summary table (whose page column changed), the agenda (its page
    # references) and the page-number overlay are laid out again, not the parts that moved.
    grown, before = demo["grown"], builds["members"]
    assert grown.body_pages > before.body_pages
    assert grown.layouts <= 4
    last = max(before.page_references, key=lambda pk: before.page_references[pk][0])
    assert grown.page_references[last][0] > before.page_references[last][0]


def test_members_pack_has_every_seed_title_in_order(demo):
    build = demo["builds"]["members"]
    body = " ".join(demo["texts"]["members"][build.front_pages:])
    position = 0
    for title in SEED_TITLES:
        found = body.find(title, position)
        assert found >= 0, f"{title!r} missing or out of order"
        position = found + len(title)


@pytest.mark.parametrize("edition", ["public", "members"])
def test_every_agenda_reference_matches_the_footers(demo, edition):
    build, texts = demo["builds"][edition], demo["texts"][edition]
    front = " ".join(texts[: build.front_pages])
    body = texts[build.front_pages:]
    checked = set()
    for pk, (first, last) in build.page_references.items():
        title = demo["titles"][int(pk)]
        assert f"{title} {format_page_reference(first, last)}" in front, title
        assert body[first - 1].endswith(f"Page {first}") or f"Page {first}" in body[first - 1]
        assert body[last - 1].find("This page is intentionally left blank") < 0, title
        if title in FIRST_TITLE:
            assert FIRST_TITLE[title] in body[first - 1], title
            checked.add(title)
        assert first % 2 == 1
    assert checked == set(FIRST_TITLE)


def test_public_pack_leaves_the_restricted_papers_out(demo):
    public = " ".join(demo["texts"]["public"])
    for text in RESTRICTED_TEXTS:
        assert text not in public
    assert "NOT FOR PUBLICATION" not in public
    assert "Crime and Disorder Strategic Assessment Exempt – paragraph 7" in public
    members = " ".join(demo["texts"]["members"])
    for text in RESTRICTED_TEXTS:
        assert text in members
    assert "NOT FOR PUBLICATION" in members


@pytest.mark.parametrize("edition", ["public", "members"])
def test_front_matter_is_even_and_body_numbered_from_one(demo, edition):
    build, texts = demo["builds"][edition], demo["texts"][edition]
    assert build.front_pages % 2 == 0
    assert "Page 1" in texts[build.front_pages]
    assert texts[-1].endswith(f"Page {build.body_pages}") or f"Page {build.body_pages}" in (
        texts[-1]
    )


# --- the pack a clerk publishes as is (issue 8 "Done when") ---------------------------------

INTERNAL_LABELS = [
    "(overridden)",
    "overridden:",
    "No actions given",
    "No overview given",
    "months' sum differ",
    "no single figure",
    "No minute was recorded",
    "No return",
]
DUPLICATED = "Actions 3, 4, and 6 can be removed as these are duplicated actions."


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    found = []

    def walk(items, depth):
        for entry in items:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    return found


@pytest.fixture(scope="module")
def members_reader(demo):
    return PdfReader(io.BytesIO(demo["builds"]["members"].pdf))


def test_members_pack_prints_no_internal_label(demo):
    text = " ".join(demo["texts"]["members"])
    for label in INTERNAL_LABELS:
        assert label not in text, label
    # The 13 December minutes print as the seed gives them: no invented decisions block
    # repeating their sentences.
    assert text.count(DUPLICATED) == 1
    minutes = text[text.index("Board Minutes (draft"):text.index("Board Action Log")]
    assert "Decisions" not in minutes


def test_members_pack_notice_is_signed_off_and_headed(demo):
    build = demo["builds"]["members"]
    front = " ".join(demo["texts"]["members"][: build.front_pages])
    assert "Chris Naylor Chief Executive" in front
    assert "Barking and Dagenham Community Safety Partnership" in front
    # Chair first, then by surname.
    assert "Fiona Taylor (Chair); Tim Barfoot, Cllr Laila M. Butt, Rita Chadha," in front
    assert "and Sean Wilson" in front
    # Part 2: the resolution and the exempt wording in full.
    assert "Section 100A(4) of the Local Government Act 1972" in front
    assert ("7. Information relating to any action taken or to be taken in connection with "
            "the prevention, investigation or prosecution of crime.") in front
    assert "Presenter: Steve Thompson · 15 minutes · For discussion" in front


def test_minutes_print_as_the_seed_spells_them(demo):
    text = " ".join(demo["texts"]["members"])
    assert "Present: Anne Bristow (Chair), Sonia Drozd, Dan James," in text
    assert "Jonathan Toy, Stephen Thompson" in text
    assert "Councillor Laila Butt" in text
    assert "In attendance: Heather McDonald" not in text
    assert "Minutes: Heather McDonald, Business Support Officer" in text


def test_forward_plan_and_snb_appendices_keep_the_seeds_headings(demo):
    build = demo["builds"]["members"]
    body = demo["texts"]["members"][build.front_pages:]
    plan = " ".join(p for p in body if "Forward Plan" in p or "Break" in p)
    assert "Wednesday 28 March 2018 Wednesday 21 March 2018" in plan
    assert " Break " in plan
    first, _ = build.page_references[
        str(next(pk for pk, t in demo["titles"].items() if t.startswith("SNB Open")))]
    appendix_a = body[first - 1]
    assert appendix_a.startswith("Appendix A Safer Neighbourhood Board – Open Public Meeting "
                                 "NOTES OF MEETING")
    assert "Security" not in appendix_a
    assert "COMMUNITY SAFETY PARTNERSHIP BOARD" not in appendix_a


def test_bookmarks_follow_the_agenda(demo, members_reader):
    outline = _outline(members_reader)
    titles = [title for _, title, _ in outline]
    items = demo["titles"]
    # At least one bookmark per agenda item (and sub-item), each naming it.
    assert len(outline) >= len(items)
    for title in items.values():
        assert any(title in t for t in titles), title
    # Sub-items are nested, and every one-page summary has its own bookmark under the report.
    assert any(depth == 1 and t.startswith("6(i) ") for depth, t, _ in outline)
    indicators = [t for depth, t, _ in outline if depth == 2]
    assert "1a Violence With Injury" in indicators and len(indicators) >= 15
    # Never a generic heading repeated.
    assert max(titles.count(t) for t in set(titles)) == 1


@pytest.mark.parametrize("edition", ["public", "members"])
def test_every_agenda_page_reference_is_a_link_to_its_page(demo, edition):
    build = demo["builds"][edition]
    reader = PdfReader(io.BytesIO(build.pdf))
    dests = reader.named_destinations
    targets = []
    for index in range(build.front_pages):
        for annot in reader.pages[index].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                targets.append(reader.get_destination_page_number(dests[annot["/Dest"]]))
    front = " ".join(demo["texts"][edition][: build.front_pages])
    references = re.findall(r"\(Pages? (\d+)(?: - \d+)?\)", front)
    assert len(targets) == len(references) == len(build.page_references)
    assert sorted(targets) == sorted(build.front_pages + int(n) - 1 for n in references)


@pytest.mark.parametrize("edition", ["public", "members"])
def test_pdfua_check_passes(demo, edition, tmp_path):
    path = tmp_path / f"{edition}.pdf"
    path.write_bytes(demo["builds"][edition].pdf)
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_pack_prints_in_liberation_sans(members_reader):
    fonts = set()
    for page in members_reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Liberation-Sans" in name or "LiberationSans" in name for name in fonts), fonts
