"""The GOV.UK 403 page for a signed-in user whose role does not allow a page."""
import pytest
from django.urls import reverse

from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_403_page_says_what_to_do(client, settings):
    settings.DEBUG = False
    board = BoardFactory(slug="bd-csp")
    client.force_login(UserFactory())
    response = client.get(reverse("actions:action_log", kwargs={"slug": board.slug}))
    body = response.content.decode()
    assert response.status_code == 403
    assert "You cannot do this" in body
    assert "ask the board" in body
