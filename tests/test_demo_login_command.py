import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from tests.factories import PersonFactory


@pytest.mark.django_db
def test_demo_login_links_the_clerk_and_prints_a_working_password(settings, capsys):
    settings.DEBUG = True
    person = PersonFactory(name="Jade Hodgson")
    call_command("demo_login")
    out = capsys.readouterr().out
    password = out.split("password ")[1].strip().strip("'")
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="clerk", password=password)
    assert user is not None and user.is_superuser
    person.refresh_from_db()
    assert person.user == user


@pytest.mark.django_db
def test_demo_login_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo_login")
