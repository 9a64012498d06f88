"""Model-level history (django-simple-history): every change to minutes, actions, returns,
papers (and their sections) and memberships is kept, whatever path made it."""
import datetime as dt

import pytest
from django.urls import reverse

from boards.models import Membership, Minute, Paper, PaperSection
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make, field, value", [
    (lambda: f.MinuteFactory(text="Before"), "text", "After"),
    (lambda: f.ActionFactory(description="Before"), "description", "After"),
    (lambda: f.IndicatorReturnFactory(), "data_note", "After"),
    (lambda: f.PaperFactory(title="Before"), "title", "After"),
    (lambda: f.PaperSectionFactory(body="Before"), "body", "After"),
    (lambda: f.MembershipFactory(title_on_board="Before"), "title_on_board", "After"),
])
def test_a_raw_orm_save_leaves_a_history_row(make, field, value):
    obj = make()
    before = getattr(obj, field)
    setattr(obj, field, value)
    obj.save()  # no service, no audit entry: the history still keeps both versions
    rows = list(obj.history.order_by("history_date", "history_id"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert getattr(rows[0], field) == before and getattr(rows[1], field) == value


def test_a_delete_leaves_the_last_version_in_the_history():
    minute = f.MinuteFactory(text="Kept in history")
    pk = minute.pk
    minute.delete()
    last = Minute.history.filter(id=pk).order_by("-history_date").first()
    assert last.history_type == "-" and last.text == "Kept in history"


def test_a_change_through_the_admin_names_who_made_it(client):
    user = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    membership = f.MembershipFactory(role=Membership.Role.MEMBER, start_date=dt.date(2018, 1, 1))
    url = reverse("admin:boards_membership_change", args=[membership.pk])
    response = client.post(url, {
        "person": membership.person_id, "organisation": "", "deputy": "",
        "board": membership.board_id, "role": "chair", "title_on_board": "",
        "start_date": "2018-01-01", "end_date": "",
    })
    assert response.status_code == 302
    last = membership.history.order_by("-history_date").first()
    assert last.role == "chair" and last.history_user == user


def test_paper_sections_written_by_the_service_are_in_the_history():
    from boards.publishing import services

    paper = services.paper_create(
        agenda_item=f.AgendaItemFactory(), actor=None,
        details=services.PaperDetails(title="T", sections=(("Background", "Text"),)),
    )
    assert Paper.history.filter(id=paper.pk).count() == 1
    assert PaperSection.history.filter(paper_id=paper.pk, history_type="+").count() == 1
