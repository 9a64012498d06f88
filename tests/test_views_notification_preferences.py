"""The email preferences page and the unsubscribe link."""
import re

import pytest
from django.urls import reverse

from boards.models import Membership
from csp_portal.models import AuditEntry
from notifications.models import Preference
from notifications.sending import unsubscribe_token
from tests import factories as f
from tests.fixtures.boards import board_user

pytestmark = pytest.mark.django_db


def _checked(page: str) -> str:
    """The value of the checked radio button."""
    [value] = re.findall(r'value="(\w+)"\s+checked', page)
    return value


def test_a_person_chooses_the_weekly_digest(client, board):
    user = board_user(board, Membership.Role.MEMBER, email="mo@example.org")
    client.force_login(user)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "mo@example.org" in page and _checked(page) == "immediate"
    response = client.post(url, {"frequency": "digest"})
    assert response.status_code == 302
    assert Preference.objects.get(person=user.person).frequency == "digest"
    assert AuditEntry.objects.filter(action="notification_preference_set").exists()
    assert _checked(client.get(url).content.decode()) == "digest"


def test_a_bad_choice_is_refused_and_nothing_saved(client, board):
    client.force_login(board_user(board))
    response = client.post(reverse("notifications:preferences"), {"frequency": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Preference.objects.exists()


def test_a_user_with_no_person_is_told_so(client):
    client.force_login(f.UserFactory())
    body = client.get(reverse("notifications:preferences")).content.decode()
    assert "not linked to a person" in body


def test_the_unsubscribe_link_asks_then_stops_every_email():
    person = f.PersonFactory(email="orla@example.org")
    from django.test import Client

    client = Client()
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(person)])
    assert "Stop emails" in client.get(url).content.decode()
    assert not Preference.objects.exists()  # a link scanner's GET changes nothing
    assert "no more emails" in client.post(url).content.decode()
    assert Preference.objects.get(person=person).frequency == "none"


def test_a_tampered_unsubscribe_link_is_not_found(client):
    person = f.PersonFactory()
    token = unsubscribe_token(person)
    other = f.PersonFactory()
    forged = token.replace(f'"person":{person.pk}', f'"person":{other.pk}')
    response = client.post(reverse("notifications:unsubscribe", args=[forged + "x"]))
    assert response.status_code == 404
    assert not Preference.objects.exists()
