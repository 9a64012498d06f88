"""The demo board's 28 March 2018 agenda pack against the seed pack (boards.packs).

Slow-ish (two full renders of a 70-page pack, once for the module), but kept in
the suite: it is the end-to-end check of page references and editions on real
data. The titles below are the seed pack's report subjects and headings, in the
seed's order (/work/shared/seeds/bd-csp-board-agenda-pack-2018-03-28.txt).
"""
import datetime as dt
import io

import pytest
from django.db import transaction
from pypdf import PdfReader

from boards.demo.loader import load_demo
from boards.models import Meeting
from boards.packs import build_agenda_pack, format_page_reference

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
def demo(django_db_setup, django_db_blocker):
    """Both editions of the demo pack, rendered once; the demo data is rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        meeting = Meeting.objects.get(board__slug="bd-csp", start__date=dt.date(2018, 3, 28))
        titles = {item.pk: item.title for item in meeting.agenda_items.all()}
        builds = {
            edition: build_agenda_pack(meeting=meeting, edition=edition)
            for edition in ("public", "members")
        }
        transaction.set_rollback(True)
    texts = {
        edition: [flat(p.extract_text() or "") for p in PdfReader(io.BytesIO(b.pdf)).pages]
        for edition, b in builds.items()
    }
    return {"builds": builds, "texts": texts, "titles": titles}


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
