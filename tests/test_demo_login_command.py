import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from boards.access import Role, user_board_roles
from boards.models import Membership
from tests.factories import BoardFactory, MembershipFactory, PersonFactory


def _password(out: str) -> str:
    return out.split("password ")[1].split(":")[0].strip().strip("'")


@pytest.mark.django_db
def test_demo_login_links_the_demo_people_and_prints_a_working_password(settings, capsys):
    settings.DEBUG = True
    board = BoardFactory(slug="bd-csp")
    clerk = PersonFactory(name="Jade Hodgson")
    chair = PersonFactory(name="Fiona Taylor")
    MembershipFactory(board=board, person=clerk, role=Membership.Role.CLERK)
    MembershipFactory(board=board, person=chair, role=Membership.Role.CHAIR)
    call_command("demo_login")
    password = _password(capsys.readouterr().out)
    request = RequestFactory().post("/accounts/login/")
    admin = authenticate(request, username="admin", password=password)
    assert admin is not None and admin.is_superuser
    user = authenticate(request, username="clerk", password=password)
    assert user is not None and not user.is_superuser
    clerk.refresh_from_db()
    assert clerk.user == user
    assert user_board_roles(user, board) == {Role.CLERK}
    chair.refresh_from_db()
    assert user_board_roles(chair.user, board) == {Role.CHAIR}


@pytest.mark.django_db
def test_demo_login_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo_login")
