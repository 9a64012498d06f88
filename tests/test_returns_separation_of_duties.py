"""Separation of duties: whoever submitted a return does not approve it, unless the board has
no other approver and the reason is recorded (issue 9: Hostile input)."""
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.models import Membership
from csp_portal.models import AuditEntry
from indicators.models import IndicatorReturn
from indicators.returns import services
from tests.factories import (
    IndicatorFactory,
    IndicatorReturnFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _approver(board, role=Membership.Role.CHAIR, **user):
    account = UserFactory(**user)
    MembershipFactory(person=PersonFactory(user=account), board=board, role=role)
    return account


@pytest.fixture
def chair():
    indicator = IndicatorFactory(reference="1a", name="Burglary")
    return _approver(indicator.board)


@pytest.fixture
def submitted(chair):
    """A return the chair entered and submitted."""
    indicator = chair.person.memberships.get().board.indicators.get()
    ret = IndicatorReturnFactory(indicator=indicator, period=dt.date(2018, 1, 1), status="draft",
                                 value=120)
    return services.indicator_return_submit(indicator_return=ret, actor=chair)


def test_the_submitter_may_not_approve_while_the_board_has_another_approver(chair, submitted):
    clerk = _approver(submitted.indicator.board, Membership.Role.CLERK)
    with pytest.raises(ValidationError, match="another chair or clerk of the board must"):
        services.indicator_return_approve(indicator_return=submitted, actor=chair,
                                          self_approval_reason="I am in a hurry")
    submitted.refresh_from_db()
    assert submitted.status == IndicatorReturn.Status.SUBMITTED
    services.indicator_return_approve(indicator_return=submitted, actor=clerk)
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.approved_by == clerk
    assert submitted.self_approval_reason == ""


def test_with_no_other_approver_the_submitter_approves_with_a_recorded_reason(chair, submitted):
    UserFactory(is_staff=True, is_superuser=True)  # administrators are not board approvers
    with pytest.raises(ValidationError) as raised:
        services.indicator_return_approve(indicator_return=submitted, actor=chair)
    assert "self_approval_reason" in raised.value.message_dict

    services.indicator_return_approve(indicator_return=submitted, actor=chair,
                                      self_approval_reason="The clerk post is vacant.")
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert submitted.self_approval_reason == "The clerk post is vacant."
    entry = AuditEntry.objects.get(action="indicator_return.approved",
                                   object_id=str(submitted.pk))
    assert entry.detail["self_approved"] is True
    assert entry.detail["reason"] == "The clerk post is vacant."
    # Sent back, the approval and its reason go.
    services.indicator_return_send_back(indicator_return=submitted, actor=chair, reason="Typo")
    submitted.refresh_from_db()
    assert submitted.self_approval_reason == ""


def test_an_approver_who_did_not_submit_needs_no_reason(chair):
    board = chair.person.memberships.get().board
    officer = UserFactory()
    MembershipFactory(person=PersonFactory(user=officer), board=board, role="officer")
    ret = IndicatorReturnFactory(indicator=board.indicators.get(), period=dt.date(2018, 1, 1),
                                 status="submitted", submitted_by=officer)
    services.indicator_return_approve(indicator_return=ret, actor=chair)
    ret.refresh_from_db()
    assert ret.status == "approved" and ret.self_approval_reason == ""


def _approvals(client, ret):
    return client.get(reverse("indicators:return_approvals", args=[ret.indicator.board.slug]))


def test_the_approvals_page_offers_no_approve_button_to_the_submitter(client, chair, submitted):
    _approver(submitted.indicator.board, Membership.Role.CLERK)
    client.force_login(chair)
    body = _approvals(client, submitted).content.decode()
    assert "You submitted this return, so another chair or clerk" in body
    assert "Approve<span" not in body


def test_the_approvals_page_asks_a_lone_approver_why_and_keeps_what_was_typed(
    client, chair, submitted,
):
    client.force_login(chair)
    body = _approvals(client, submitted).content.decode()
    assert "Why are you approving a return you submitted?" in body
    url = reverse("indicators:return_approve", args=[submitted.indicator.board.slug,
                                                     submitted.pk])
    response = client.post(url, {"self_approval_reason": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page and "enter why you are approving it yourself" in page
    response = client.post(url, {"self_approval_reason": "Sole officer this month"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.self_approval_reason == "Sole officer this month"
