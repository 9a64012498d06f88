"""The action log's pages at scale: pages read by primary key first hold the right rows in the
table's order, the count comes from the RAG aggregate, and rows built without a template per
cell are escaped like any other."""
import datetime as dt

import pytest
from django.urls import reverse

from actions.views import ACTIONS_PER_PAGE
from tests.factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(client):
    meeting = MeetingFactory(board=BoardFactory(slug="bd-csp"))
    user = UserFactory()
    MembershipFactory(board=meeting.board, person=PersonFactory(user=user))
    client.force_login(user)
    total = ACTIONS_PER_PAGE * 2 + 7
    for number in range(1, total + 1):
        # Target dates repeat, so the number decides ties.
        ActionFactory(raised_at=meeting, number=number, rag_status="RAG"[number % 3],
                      target_date=dt.date(2018, 1, 1) + dt.timedelta(days=number % 20))
    return client, meeting.board, total


def _numbers(response):
    return [row.record.number for row in response.context["table"].paginated_rows]


def test_every_page_holds_its_slice_in_the_sorted_order(log):
    client, board, total = log
    url = reverse("actions:action_log", args=[board.slug])
    expected = sorted(range(1, total + 1),
                      key=lambda n: (dt.date(2018, 1, 1) + dt.timedelta(days=n % 20), n),
                      reverse=True)
    seen = []
    for page in (1, 2, 3):
        response = client.get(url, {"sort": "-target_date", "page": page})
        seen += _numbers(response)
    assert seen == expected
    assert response.context["table"].paginator.count == total
    assert len(_numbers(response)) == 7


def test_a_page_past_the_end_shows_the_last_page(log):
    client, board, total = log
    url = reverse("actions:action_log", args=[board.slug])
    response = client.get(url, {"page": 99})
    assert _numbers(response) == list(range(ACTIONS_PER_PAGE * 2 + 1, total + 1))


def test_count_heading_and_rag_counts_agree(log):
    client, board, total = log
    response = client.get(reverse("actions:action_log", args=[board.slug]), {"rag_status": "R"})
    reds = len([n for n in range(1, total + 1) if n % 3 == 0])
    assert f"{reds} actions" in response.content.decode()
    assert dict(response.context["rag_counts"]) == {"R": reds, "A": 0, "G": 0}


def test_rows_are_escaped(client):
    meeting = MeetingFactory(board=BoardFactory(slug="bd-csp"))
    user = UserFactory()
    MembershipFactory(board=meeting.board, person=PersonFactory(user=user))
    client.force_login(user)
    ActionFactory(raised_at=meeting, number=1, description="<script>x</script>",
                           comments="a & b\n<b>c</b>", lead_body="<i>Body</i>")
    html = client.get(reverse("actions:action_log", args=[meeting.board.slug])).content.decode()
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "a &amp; b<br>&lt;b&gt;c&lt;/b&gt;" in html
    assert "&lt;i&gt;Body&lt;/i&gt;" in html
