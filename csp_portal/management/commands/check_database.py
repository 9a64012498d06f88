"""``manage.py check_database``: exit 0 when the database answers, 1 with the reason when not.

The worker and beat containers' health check (docker-compose.yml) runs it
beside ``celery inspect ping``, so that a worker that lost its database is
reported unhealthy.
"""
from django.core.management.base import BaseCommand, CommandError

from csp_portal.celery import database_answers


class Command(BaseCommand):
    help = "Check that the database answers (for container health checks)."
    requires_system_checks: list = []

    def handle(self, *args, **options) -> None:
        reason = database_answers()
        if reason:
            raise CommandError(f"The database is unavailable: {reason}")
        self.stdout.write("The database answers.")
