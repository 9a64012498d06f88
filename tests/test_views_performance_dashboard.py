"""indicators:dashboard: the board's figures as at a month, grouped by owning subgroup."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Membership
from indicators.demo import load_demo_indicators
from indicators.models import IndicatorReturn
from tests.factories import (
    BoardFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PersonFactory,
    SubgroupFactory,
    UserFactory,
)
from tests.test_indicators_demo import create_demo_boards


def _member(board, role=Membership.Role.CHAIR):
    user = UserFactory()
    MembershipFactory(board=board, person=PersonFactory(user=user), role=role)
    return user


@pytest.fixture
def demo(db):
    board = create_demo_boards()
    load_demo_indicators()
    return board


def _get(client, board, **params):
    return client.get(reverse("indicators:dashboard", kwargs={"slug": board.slug}), params)


def test_grouped_table_with_rag_words_and_links(client, demo):
    client.force_login(_member(demo))
    response = _get(client, demo)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Performance as at January 2018" in html
    caption = '<caption class="govuk-table__caption govuk-table__caption--m">'
    assert f"{caption}Safer Borough Board" in html
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert "Grey (monitoring)</strong>" in html
    assert "1319, up 26.1% (up 273 offences)" in html and "Up 13.0%" in html
    summary_url = reverse("indicators:indicator_summary", kwargs={"slug": demo.slug,
                                                                 "reference": "2"})
    assert f'href="{summary_url}?as_at=2018-01"' in html
    # The executive summary is written from the ratings.
    assert "Burglary is up 26.1% (up 273 offences)." in html
    assert "Domestic Abuse is up 7.4% (up 149 offences)." in html
    assert "Produce the PDF" in html  # the chair may produce it


def test_as_at_an_earlier_month_and_later_returns_ignored(client, demo):
    client.force_login(_member(demo, Membership.Role.OFFICER))
    before = _get(client, demo, as_at="2017-12").content.decode()
    assert "Performance as at December 2017" in before
    assert "1319" not in before
    assert "Produce the PDF" not in before  # officers may not
    burglary = demo.indicators.get(reference="2")
    IndicatorReturnFactory(indicator=burglary, period=dt.date(2018, 2, 1), value=90)
    nov = burglary.returns.get(period=dt.date(2017, 11, 1))
    nov.status = IndicatorReturn.Status.SUBMITTED
    nov.value = 1
    nov.save()
    nov.status = IndicatorReturn.Status.APPROVED
    nov.value = 115
    nov.save()  # re-approved with its figure: the page is as before
    after = _get(client, demo, as_at="2017-12").content.decode()
    # The month list offers February now; the figures are unchanged.
    assert after.split("Executive summary")[1] == before.split("Executive summary")[1]


def test_a_bad_month_is_a_clear_error_keeping_what_was_typed(client, demo):
    client.force_login(_member(demo))
    html = _get(client, demo, as_at="Jan 2018").content.decode()
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html and "like 2018-01" in html
    assert 'value="Jan 2018"' in html
    assert "Performance as at January 2018" in html  # the latest month is shown meanwhile


def test_no_returns_yet(client, db):
    board = BoardFactory()
    client.force_login(_member(board))
    html = _get(client, board).content.decode()
    assert "No KPI returns have been approved for this board yet." in html


def _board(n: int):
    board = BoardFactory()
    subgroups = [SubgroupFactory(parent=board) for _ in range(2)]
    for i in range(n):
        ind = IndicatorFactory(board=board, owning_subgroup=subgroups[i % 2],
                               reference=str(i + 1))
        for period in (dt.date(2017, 1, 1), dt.date(2018, 1, 1)):
            IndicatorReturnFactory(indicator=ind, period=period, value=None, fytd_reported=50 + i)
    return board


def test_query_count_does_not_grow_with_the_rows(client, db):
    counts = []
    for n in (1, 12):
        board = _board(n)
        client.force_login(_member(board))
        with CaptureQueriesContext(connection) as ctx:
            assert _get(client, board).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_rows_escape_typed_text_and_link_each_indicator_once(client, db):
    # The table's rows are written in one loop (indicators.report.presenters), not by a
    # template per row: typed text is still escaped, each name links to its summary.
    board = BoardFactory()
    subgroup = SubgroupFactory(parent=board)
    typed = IndicatorFactory(board=board, owning_subgroup=subgroup, reference="3a",
                             name="Knife <crime> & robbery")
    IndicatorReturnFactory(indicator=typed, period=dt.date(2018, 1, 1), value=None,
                           fytd_reported=40)
    IndicatorFactory(board=board, owning_subgroup=subgroup, reference="9",
                     name="Hate crime", in_development=True)
    IndicatorFactory(board=board, owning_subgroup=subgroup, reference="10", name="Arson")
    client.force_login(_member(board))
    html = _get(client, board).content.decode()
    url = reverse("indicators:indicator_summary", kwargs={"slug": board.slug, "reference": "3a"})
    assert (f'<a class="govuk-link" href="{url}?as_at=2018-01">'
            "Knife &lt;crime&gt; &amp; robbery</a>") in html
    assert "<crime>" not in html
    assert ('<td class="govuk-table__cell">Hate crime</td>\n      <td class="govuk-table__cell"'
            ' colspan="3"><strong class="govuk-tag govuk-tag--grey">In development</strong>'
            in html)
    assert ">Arson</a></td>" in html and "No approved return" in html
