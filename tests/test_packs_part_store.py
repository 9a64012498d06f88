"""A pack whose pieces go through the part store (csp_portal.pdf_parts) and are stitched
into one PDF (csp_portal.pdf_sequence), here run eagerly: one process lays out every piece.
The pack tests' checks hold on it, and the same input gives the same bytes, whether its
pieces were laid out in this process or read back from their files."""
import hashlib

import pytest

from boards.packs import build_agenda_pack
from csp_portal import pdf_cache, pdf_parts
from tests.pack_checks import check_pack
from tests.test_packs_builder import make_pack_meeting


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
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
        # Parts done counts up to every body piece, then the front matter.
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)
        assert (total - 1, total) in calls and calls[-1] == (total, total)
        check_pack(pdf=build.pdf, front_pages=build.front_pages,
                   page_references=build.page_references, edition=edition, titles=titles)
    # Again from the part files alone (no laid-out part in this process): the same bytes.
    pdf_cache.cache_clear()
    again = build_agenda_pack(meeting=data.meeting, edition="members")
    assert hashlib.sha256(again.pdf).digest() == hashlib.sha256(build.pdf).digest()
    # Only the front matter (and its filler page) was laid out: every body piece came from
    # its file.
    assert again.layouts <= 2 < len(build.page_references)
    assert list((stored / "parts").glob("*.pdf"))


def test_parts_purge_keeps_what_is_in_use(settings, tmp_path):
    import os
    import time

    settings.MEDIA_ROOT = str(tmp_path)
    keys = [pdf_parts.spec_save(html=f"<p>{n}</p>", stylesheets=[]) for n in range(2)]
    found = pdf_parts.part_wait(keys)
    old = time.time() - 40 * 86400
    for key in keys:
        os.utime(found[key].path, (old, old))
    # Finding a part marks it as used.
    assert pdf_parts.part_found(keys[0]) is not None
    assert pdf_parts.parts_purge(older_than_days=30) == 1
    assert pdf_parts.part_found(keys[0]) is not None
    assert pdf_parts.part_found(keys[1]) is None
    assert not list((tmp_path / "parts").glob(f"{keys[1]}*"))


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
    with pdf_parts.stitched([first, second]) as out:
        buffer = io.BytesIO()
        out.save(buffer)
    merged = pikepdf.open(io.BytesIO(buffer.getvalue()))
    root = merged.Root.StructTreeRoot
    keys = [int(k) for k in root.ParentTree.Nums[::2]]
    assert keys == sorted(set(keys))
    assert [int(p.obj.StructParents) for p in merged.pages] == [0, 1]
    annots = [int(a.StructParent) for p in merged.pages for a in p.obj.get("/Annots", [])]
    assert annots == [2]  # the first part's link had no anchor there, so it was dropped
    assert len(root.K[0].K) >= 2 and int(root.ParentTreeNextKey) == 3
