"""``manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]``: the beat's reminders now."""
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from notifications import reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due today (weekly action digests, subgroup report requests and "
        "reminders, return reminders) that were not sent before; --dry-run prints them only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Print what would be sent; send and record nothing.")
        parser.add_argument("--today", help="Work as at this date (YYYY-MM-DD) instead of "
                                            "today (or the demo clock's DEMO_TODAY).")

    def handle(self, *args, dry_run=False, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(
                f"--today must be a date written YYYY-MM-DD, not {today!r}."
            ) from exc
        emails = reminders.reminders_send(today=day, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        for email in emails:
            self.stdout.write(f"{verb}: {email.to}: {email.subject} [{email.event_key}]")
        self.stdout.write(f"{verb} {len(emails)} message{'s' if len(emails) != 1 else ''}.")
