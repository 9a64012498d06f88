"""A pack whose parts go through the part store (csp_portal.pdf_parts) and are stitched
into one PDF (boards.packs.distributed), here run eagerly: one process lays out every part.
The pack tests' checks hold on it, it prints what the single-process path prints, and the
same input gives the same bytes."""
import hashlib

import pytest

from boards.packs import build_agenda_pack
from csp_portal import pdf_cache, pdf_parts
from tests.pack_checks import check_pack
from tests.test_packs_builder import make_pack_meeting, page_texts


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PACK_PART_TASKS = True
    pdf_cache.cache_clear()
    yield tmp_path
    pdf_cache.cache_clear()


@pytest.mark.django_db
def test_pack_stitched_from_part_files_passes_the_pack_checks(stored, settings):
    data = make_pack_meeting()
    titles = {item.pk: item.title for item in data.meeting.agenda_items.all()}
    for edition in ("public", "members"):
        calls = []
        build = build_agenda_pack(
            meeting=data.meeting, edition=edition,
            progress=lambda done, total, calls=calls: calls.append((done, total)),
        )
        total = calls[-1][1]
        # Parts done counts up to every body part, then the front matter.
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)
        assert (total - 1, total) in calls and calls[-1] == (total, total)
        check_pack(pdf=build.pdf, front_pages=build.front_pages,
                   page_references=build.page_references, edition=edition, titles=titles)
        settings.PACK_PART_TASKS = False
        single = build_agenda_pack(meeting=data.meeting, edition=edition)
        settings.PACK_PART_TASKS = True
        assert build.page_references == single.page_references
        assert page_texts(build.pdf) == page_texts(single.pdf)
    # Again from the part files alone (no laid-out part in this process): the same bytes.
    pdf_cache.cache_clear()
    again = build_agenda_pack(meeting=data.meeting, edition="members")
    assert hashlib.sha256(again.pdf).digest() == hashlib.sha256(build.pdf).digest()
    # Only the front matter (and its filler page) was laid out: every body part came from
    # its file.
    assert again.layouts <= 2 < len(build.page_references)
    assert list((stored / "parts").glob("*.pdf"))


def test_stitch_renumbers_the_structure_parents():
    """Two tagged parts stitched: one structure tree, parent keys past the first part's."""
    import io

    import pikepdf

    from csp_portal import pdf

    first = pdf.write_pdf([pdf.render_html(html='<html lang="en"><title>A</title>'
                                           '<p><a href="#b">to b</a></p></html>')],
                          finish=False)
    second = pdf.write_pdf([pdf.render_html(html='<html lang="en"><title>B</title>'
                                            '<p id="b"><a href="#b">here</a></p></html>')],
                           finish=False)
    merged = pikepdf.open(io.BytesIO(pdf_parts.stitch([first, second])))
    root = merged.Root.StructTreeRoot
    keys = [int(k) for k in root.ParentTree.Nums[::2]]
    assert keys == sorted(set(keys))
    assert [int(p.obj.StructParents) for p in merged.pages] == [0, 1]
    annots = [int(a.StructParent) for p in merged.pages for a in p.obj.get("/Annots", [])]
    assert annots == [2]  # the first part's link had no anchor there, so it was dropped
    assert len(root.K[0].K) >= 2 and int(root.ParentTreeNextKey) == 3
