"""Removing a forward plan item (boards:forward_plan_item_delete): confirm, then remove."""
import pytest
from django.urls import reverse

from boards.models import ForwardPlanItem, Membership
from tests.factories import ForwardPlanItemFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_confirm_then_remove(client):
    item = ForwardPlanItemFactory(title="Grenfell Tower Update")
    user = UserFactory()
    MembershipFactory(board=item.board, person=PersonFactory(user=user),
                      role=Membership.Role.CLERK)
    client.force_login(user)
    url = reverse("boards:forward_plan_item_delete", args=[item.board.slug, item.pk])

    assert "Remove Grenfell Tower Update from the forward plan?" in client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert not ForwardPlanItem.objects.exists()
    assert "Removed Grenfell Tower Update from the forward plan" in response.content.decode()
