"""Load the demo data (the Barking and Dagenham CSP board around 28 March 2018) idempotently."""
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from boards.demo.loader import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Load or refresh the demo boards, people, meetings, agenda, papers, minutes, action log, "
        "forward plan and subgroup reports from boards/demo/*.yaml. Safe to run twice; it resets "
        "the demo boards' memberships, agendas, actions and forward plan to the YAML."
    )

    def handle(self, *args, **options) -> None:
        try:
            counts = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(
            f"{n} {apps.get_model(label)._meta.verbose_name_plural}" for label, n in counts.items()
        )
        self.stdout.write(f"Demo data loaded: {summary}.")
