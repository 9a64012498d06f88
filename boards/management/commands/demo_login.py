"""Create (or reset) the demo clerk's login and print it. Refused unless DEBUG is on."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boards.models import Person

DEMO_USERNAME = "clerk"
DEMO_PERSON = "Jade Hodgson"


class Command(BaseCommand):
    help = (
        "Give the demo board's clerk a login with a fresh random password (DEBUG only), "
        "so the members' pack and the admin can be tried locally."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_login is for local demonstration only: set DEBUG=1.")
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            user, _ = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
            user.is_staff = True
            user.is_superuser = True
            user.set_password(password)
            user.save()
            person = Person.objects.filter(name=DEMO_PERSON).first()
            if person is not None and person.user_id in (None, user.pk):
                person.user = user
                person.save(update_fields=["user"])
        self.stdout.write(
            f"Demo login (clerk of the CSP board): username {DEMO_USERNAME!r}, "
            f"password {password!r}"
        )
