"""Search (search.selectors, the search page): words found in meetings, agenda items, papers,
minutes and actions, ranked, with snippets; restricted content only for members. Runs on
SQLite (the case-insensitive fallback) and on PostgreSQL (full-text search, with its GIN
indexes)."""
import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse

from boards.models import Membership
from search import selectors
from search.sources import SOURCES
from tests import factories as f
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(board):
    published = f.MeetingFactory(board=board, status="agenda_published", venue="Town Hall")
    planned = f.MeetingFactory(board=board, status="planned", title="Budget workshop")
    item = f.AgendaItemFactory(meeting=published, title="Burglary reduction plan",
                               description="How partners will reduce burglary in Barking.")
    secret = f.AgendaItemFactory(meeting=published, title="Confidential burglary case",
                                 description="Named offenders.", is_restricted=True,
                                 exempt_paragraph=1)
    paper = f.PaperFactory(agenda_item=item, title="Delivery plan report")
    f.PaperSectionFactory(paper=paper, body="Residential burglary fell by 12% this year.")
    f.PaperFactory(agenda_item=secret, title="Offender list")
    f.MinuteFactory(agenda_item=item, text="The board agreed the burglary plan.")
    action = f.ActionFactory(raised_at=published, raised_under=item, number=1,
                             description="Report burglary hotspots to the board.")
    return {"published": published, "planned": planned, "item": item, "action": action}


def _kinds(hits) -> list[tuple[str, str]]:
    return sorted((h.kind, h.title) for h in hits)


def test_the_public_finds_published_open_content_only(content):
    hits = selectors.search(user=None, query="burglary")
    assert _kinds(hits) == [
        ("Agenda item", "Burglary reduction plan"), ("Paper", "Delivery plan report"),
    ]
    assert selectors.search(user=None, query="budget workshop") == []
    assert selectors.search(user=None, query="offender") == []


def test_members_find_restricted_items_minutes_actions_and_planned_meetings(board, content):
    member = board_user(board, Membership.Role.MEMBER)
    found = _kinds(selectors.search(user=member, query="burglary"))
    assert ("Agenda item", "Confidential burglary case") in found
    assert ("Minutes", "Minutes: Burglary reduction plan") in found
    assert ("Action", "Action 1: Report burglary hotspots to the board.") in found
    assert _kinds(selectors.search(user=member, query="budget workshop")) == [
        ("Meeting", "Budget workshop")
    ]
    assert _kinds(selectors.search(user=member, query="offender list")) == [
        ("Paper", "Offender list")
    ]


def test_a_member_of_another_board_finds_no_restricted_content(content):
    other = board_user(f.BoardFactory(slug="elsewhere"), Membership.Role.CLERK)
    titles = [h.title for h in selectors.search(user=other, query="burglary")]
    assert "Confidential burglary case" not in titles
    assert not any(h.kind in ("Action", "Minutes") for h in
                   selectors.search(user=other, query="burglary"))


def test_title_matches_rank_first_and_snippets_mark_the_words(board, content):
    hits = selectors.search(user=None, query="burglary")
    assert hits[0].title == "Burglary reduction plan"
    assert "<mark>burglary</mark>" in hits[0].snippet.lower()
    paper = next(h for h in hits if h.kind == "Paper")
    assert "<mark>burglary</mark> fell" in paper.snippet.lower()
    assert paper.url == reverse("boards:paper_detail", args=[
        board.slug, content["published"].pk, content["item"].papers.get().pk])


def test_snippets_escape_the_text():
    assert str(selectors.snippet("<script>x</script> burglary", ["burglary"])) == (
        "&lt;script&gt;x&lt;/script&gt; <mark>burglary</mark>"
    )


def test_a_query_with_no_words_finds_nothing(content):
    assert selectors.search(user=None, query="  ;;  ") == []


def test_the_page_lists_results_with_a_constant_number_of_queries(
    client, board, content, django_assert_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(board_user(board, Membership.Role.MEMBER))
    url = reverse("search:search")
    client.get(url, {"q": "burglary"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"q": "burglary"})
    for n in range(5):
        item = f.AgendaItemFactory(meeting=f.MeetingFactory(board=board, status="held"),
                                   title=f"Burglary follow-up {n}")
        f.PaperSectionFactory(paper=f.PaperFactory(agenda_item=item), body="Burglary text.")
        f.MinuteFactory(agenda_item=item, text="Burglary minuted.")
        f.ActionFactory(raised_at=item.meeting, number=10 + n, description="Burglary action")
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(url, {"q": "burglary"}).content.decode()
    assert "Burglary follow-up 4" in body and "Confidential burglary case" in body
    assert 'role="search"' in body


def test_the_search_box_is_on_every_page(client, board):
    body = client.get(reverse("boards:board_detail", args=[board.slug])).content.decode()
    assert f'action="{reverse("search:search")}"' in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_stems_words_and_has_gin_indexes(content):
    # "reduce" is found in "reduction plan" and "will reduce burglary" by its stem.
    assert _kinds(selectors.search(user=None, query="reduced")) == [
        ("Agenda item", "Burglary reduction plan")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'search_%%_gin'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {source.index_name for source in SOURCES}
    # The filter is the indexed expression, so PostgreSQL can use each index.
    query = SearchQuery("burglary", search_type="websearch", config="english")
    with connection.cursor() as cursor:
        # Only the GIN index may serve the filter (a bitmap scan): no sequential scan, and
        # no plain index scan of another index filtering row by row.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for source in SOURCES:
            qs = (source.model.objects.annotate(document=source.vector())
                  .filter(document=query).order_by())
            sql, params = qs.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert f"Index Scan on {source.index_name}" in plan, plan
