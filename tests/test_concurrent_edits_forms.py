"""Two people saving the same agenda item, paper, subgroup report or return grid: the second
save, made from a page read before the first, is refused with the conflict page showing both
versions; the first is kept and what the second typed is kept as their draft (issue 9)."""
import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from boards.models import Membership, Paper
from csp_portal.models import Draft
from indicators.models import IndicatorReturn
from subgroups.models import SubgroupReport
from tests.factories import (
    AgendaItemFactory,
    IndicatorFactory,
    IndicatorReturnFactory,
    MeetingFactory,
    PaperFactory,
    PaperSectionFactory,
)
from tests.fixtures.boards import board_user
from tests.test_views_minutes_record import page_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def _clients(*users) -> list[Client]:
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _race(url, first: Client, second: Client, *, theirs: dict, mine: dict, extra=None):
    """Both read ``url``; ``second`` saves ``theirs``; then ``first`` saves ``mine``."""
    mine_data = {**page_data(first.get(url)), **(extra or {})}
    their_data = {**page_data(second.get(url)), **(extra or {})}
    response = second.post(url, {**their_data, **theirs})
    assert response.status_code == 302, response.content.decode()[:2000]
    return first.post(url, {**mine_data, **mine})


def _assert_conflict_page(response, theirs: str, mine: str):
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed" in html
    assert "Your changes have not been saved" in html
    assert theirs in html and mine in html


def test_agenda_item(board):
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Performance")
    first, second = _clients(board_user(board, Membership.Role.CLERK),
                             board_user(board, Membership.Role.CLERK))
    url = reverse("boards:agenda_item_edit", args=[board.slug, meeting.pk, item.pk])
    response = _race(url, first, second, theirs={"title": "Performance (their title)"},
                     mine={"title": "Performance (my title)"})
    _assert_conflict_page(response, "Performance (their title)", "Performance (my title)")
    item.refresh_from_db()
    assert item.title == "Performance (their title)"


def test_paper(board):
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Reports")
    paper = PaperFactory(agenda_item=item, title="Delivery plan")
    PaperSectionFactory(paper=paper, position=1, heading="1. Purpose", body="As read.")
    first, second = _clients(board_user(board, Membership.Role.CLERK),
                             board_user(board, Membership.Role.CLERK))
    url = reverse("boards:paper_edit", args=[board.slug, meeting.pk, paper.pk])
    response = _race(url, first, second, extra={"security": "unrestricted"},
                     theirs={"sections-0-body": "Their rewrite of the purpose."},
                     mine={"sections-0-body": "My rewrite of the purpose."})
    _assert_conflict_page(response, "Their rewrite of the purpose.", "My rewrite of the purpose.")
    assert Paper.objects.get(pk=paper.pk).sections.get().body == "Their rewrite of the purpose."
    owner = response.wsgi_request.user
    assert Draft.objects.get(user=owner).data["sections-0-body"] == ["My rewrite of the purpose."]


def test_subgroup_report(board, vawg, meeting):
    report = SubgroupReport.objects.create(meeting=meeting, subgroup=vawg,
                                           brief_update="As read.")
    first, second = _clients(board_user(vawg, Membership.Role.OFFICER),
                             board_user(vawg, Membership.Role.OFFICER))
    url = reverse("subgroups:report_edit", args=[vawg.slug, report.pk])
    extra = {"security": "unrestricted", "save_draft": ""}
    response = _race(url, first, second, extra=extra,
                     theirs={"brief_update": "Their update."}, mine={"brief_update": "My update."})
    _assert_conflict_page(response, "Their update.", "My update.")
    report.refresh_from_db()
    assert report.brief_update == "Their update."


def test_return_grid():
    indicator = IndicatorFactory(reference="1a", name="Burglary")
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 4, 1), value=Decimal("10"))
    subgroup = indicator.owning_subgroup
    first, second = _clients(board_user(subgroup, Membership.Role.OFFICER),
                             board_user(subgroup, Membership.Role.OFFICER))
    url = reverse("indicators:return_grid", kwargs={
        "slug": indicator.board.slug, "reference": "1a", "year": 2017})
    response = _race(url, first, second, extra={"action": "save"},
                     theirs={"returns-0-value": "11"}, mine={"returns-0-value": "12"})
    _assert_conflict_page(response, "11.00", "12")
    assert IndicatorReturn.objects.get(period=dt.date(2017, 4, 1)).value == Decimal("11")


def test_return_grid_first_figure_of_a_period_entered_twice():
    indicator = IndicatorFactory(reference="1a", name="Burglary")
    subgroup = indicator.owning_subgroup
    first, second = _clients(board_user(subgroup, Membership.Role.OFFICER),
                             board_user(subgroup, Membership.Role.OFFICER))
    url = reverse("indicators:return_grid", kwargs={
        "slug": indicator.board.slug, "reference": "1a", "year": 2017})
    response = _race(url, first, second, extra={"action": "save"},
                     theirs={"returns-1-value": "5"}, mine={"returns-1-value": "6"})
    assert response.status_code == 409
    assert IndicatorReturn.objects.get(period=dt.date(2017, 5, 1)).value == Decimal("5")


def test_an_unchanged_save_of_a_fresh_page_is_not_a_conflict(board):
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1, title="Performance")
    (client,) = _clients(board_user(board, Membership.Role.CLERK))
    url = reverse("boards:agenda_item_edit", args=[board.slug, meeting.pk, item.pk])
    for title in ("Once", "Twice"):
        data = {**page_data(client.get(url)), "title": title}
        assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.version) == ("Twice", 3)


def test_return_grid_saving_one_period_keeps_another_editors_period():
    indicator = IndicatorFactory(reference="1a", name="Burglary")
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 4, 1), value=Decimal("10"))
    IndicatorReturnFactory(indicator=indicator, period=dt.date(2017, 5, 1), value=Decimal("20"))
    subgroup = indicator.owning_subgroup
    first, second = _clients(board_user(subgroup, Membership.Role.OFFICER),
                             board_user(subgroup, Membership.Role.OFFICER))
    url = reverse("indicators:return_grid", kwargs={
        "slug": indicator.board.slug, "reference": "1a", "year": 2017})
    response = _race(url, first, second, extra={"action": "save"},
                     theirs={"returns-0-value": "11"}, mine={"returns-1-value": "21"})
    assert response.status_code == 302
    stored = dict(IndicatorReturn.objects.values_list("period", "value"))
    assert stored == {dt.date(2017, 4, 1): Decimal("11"), dt.date(2017, 5, 1): Decimal("21")}
