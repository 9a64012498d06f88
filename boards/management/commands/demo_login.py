"""Create (or reset) logins for the demo board's people and print them (DEBUG only)."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boards.models import Person

DEMO_LOGINS = [
    # (username, person in the demo, what the role lets them do)
    ("clerk", "Jade Hodgson", "clerk of the CSP board: agendas, papers, publishing"),
    ("chair", "Fiona Taylor", "chair of the CSP board: action log, confirming minutes, approvals"),
    ("officer", "Heather McDonald", "minute taker of the CSP board: minutes and actions"),
    ("vawg", "Melody Williams", "chair of the VAWG subgroup: update reports, indicators"),
]
ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Give the demo board's clerk, chair, an officer and a subgroup chair logins, and an "
        "administrator, all with one fresh random password (DEBUG only)."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_login is for local demonstration only: set DEBUG=1.")
        password = secrets.token_urlsafe(12)
        users = get_user_model().objects
        lines = []
        with transaction.atomic():
            admin, _ = users.get_or_create(username=ADMIN_USERNAME)
            admin.is_staff = admin.is_superuser = True
            admin.set_password(password)
            admin.save()
            lines.append(f"  {ADMIN_USERNAME:<8} administrator (people and boards, /admin/)")
            for username, name, what in DEMO_LOGINS:
                person = Person.objects.filter(name=name).first()
                if person is None:
                    continue
                if person.user_id is not None and person.user.username != username:
                    continue  # someone else's login: leave it alone
                user, _ = users.get_or_create(username=username)
                user.is_staff = user.is_superuser = False
                user.set_password(password)
                user.save()
                person.user = user
                person.save(update_fields=["user"])
                lines.append(f"  {username:<8} {name}, {what}")
        self.stdout.write(
            "Demo logins, all with the password " + repr(password) + ":\n" + "\n".join(lines)
        )
