"""Render a meeting's agenda pack to a PDF file.

    python manage.py render_pack 12 --edition members --out pack.pdf
    python manage.py render_pack bd-csp/2018-03-28 --edition public --out pack.pdf

The pack is requested through boards.services.agenda_pack_request, so with a
broker configured a worker renders it; the command polls the database until
the render is ready or failed (or --timeout seconds pass; csp_portal.renders.render_wait).
"""
import datetime as dt
import shutil

from django.core.management.base import BaseCommand, CommandError

from boards.models import Meeting, PackRender
from boards.services import agenda_pack_request
from csp_portal.renders import RenderFailed, RenderTimeout, render_wait


def find_meeting(spec: str) -> Meeting:
    """A meeting from its pk ("12") or "<board-slug>/<YYYY-MM-DD>"; CommandError if not one."""
    if spec.isdigit():
        try:
            return Meeting.objects.select_related("board").get(pk=int(spec))
        except Meeting.DoesNotExist as exc:
            raise CommandError(f"No meeting with id {spec}") from exc
    slug, _, day_text = spec.partition("/")
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError as exc:
        raise CommandError(
            f"MEETING must be a meeting id or <board-slug>/<YYYY-MM-DD>, not {spec!r}"
        ) from exc
    meetings = list(
        Meeting.objects.select_related("board").filter(board__slug=slug, start__date=day)
    )
    if not meetings:
        raise CommandError(f"No meeting of board {slug!r} on {day:%Y-%m-%d}")
    if len(meetings) > 1:
        ids = ", ".join(f"{m.pk} ({m})" for m in meetings)
        raise CommandError(f"Several meetings of {slug!r} on {day:%Y-%m-%d}; give an id: {ids}")
    return meetings[0]


class Command(BaseCommand):
    help = "Render a meeting's agenda pack (public or members' edition) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("meeting", help='Meeting id, or "<board-slug>/<YYYY-MM-DD>".')
        parser.add_argument(
            "--edition", choices=PackRender.Edition.values, default=PackRender.Edition.PUBLIC
        )
        parser.add_argument("--out", help="Copy the rendered PDF to this file.")
        parser.add_argument(
            "--timeout", type=float, default=300, help="Seconds to wait for the render."
        )

    def handle(self, *args, **options):
        meeting = find_meeting(options["meeting"])
        pack_render = agenda_pack_request(meeting=meeting, edition=options["edition"])
        try:
            render_wait(render=pack_render, timeout=options["timeout"])
        except (RenderTimeout, RenderFailed) as exc:
            raise CommandError(f"Pack render {pack_render.pk} {exc}") from exc
        path = pack_render.file.path
        if options["out"]:
            shutil.copyfile(path, options["out"])
            path = options["out"]
        self.stdout.write(
            f"{pack_render.get_edition_display()} of {meeting}: "
            f"{pack_render.page_count} pages, {pack_render.size_bytes} bytes, {path}"
        )
