"""``manage.py check_stored_files``: every stored file the database names is there, unchanged.

Ready agenda pack renders: the file exists and its SHA-256 is the recorded checksum.
Uploaded papers: the PDF exists. Run after restoring a backup (scripts/backup_restore_check.sh)
to show the media folder matches the database. Exit status 1, listing every problem, if not.
"""
import hashlib

from django.core.management.base import BaseCommand, CommandError

from boards.models import PackRender, Paper


def _sha256(field) -> str:
    digest = hashlib.sha256()
    with field.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Check that every rendered pack and uploaded paper the database names is stored."

    def handle(self, *args, **options) -> None:
        problems: list[str] = []
        packs = PackRender.objects.filter(status=PackRender.Status.READY).exclude(file="")
        for render in packs:
            if not render.file.storage.exists(render.file.name):
                problems.append(f"pack render {render.pk}: {render.file.name} is missing")
            elif render.checksum and _sha256(render.file) != render.checksum:
                problems.append(f"pack render {render.pk}: {render.file.name} has changed")
        papers = Paper.objects.exclude(uploaded_pdf="")
        for paper in papers:
            if not paper.uploaded_pdf.storage.exists(paper.uploaded_pdf.name):
                problems.append(f"paper {paper.pk}: {paper.uploaded_pdf.name} is missing")
        if problems:
            raise CommandError("Stored files do not match the database:\n" + "\n".join(problems))
        self.stdout.write(
            f"{packs.count()} pack file(s) and {papers.count()} uploaded paper(s) are stored "
            "as recorded."
        )
