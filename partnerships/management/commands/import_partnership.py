"""``manage.py import_partnership FILE.xlsx [--dry-run]``: set up a partnership from its
workbook, or from a folder of CSV files named after the sheets (partnerships.workbook).

Runs as an administrator would (it may change any board). Every bad row is printed with its
sheet and row, and nothing is saved; with --dry-run nothing is saved either way.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.rows import Scope
from partnerships.services import partnership_import
from partnerships.workbook import WorkbookError, read_path


class Command(BaseCommand):
    help = ("Import a partnership workbook (XLSX), or a folder of CSV files named after its "
            "sheets: organisations, boards, people, memberships, plan, priorities, actions.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the workbook (.xlsx) or a folder of CSV files")
        parser.add_argument("--dry-run", action="store_true",
                            help="check and count everything, save nothing")

    def handle(self, *args, path: str, dry_run: bool, **options):
        try:
            sheets = read_path(Path(path))
        except WorkbookError as exc:
            raise CommandError(str(exc)) from exc
        result = partnership_import(sheets=sheets, actor=None, dry_run=dry_run,
                                    scope=Scope(everything=True, may_add_top=True))
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            count = len(result.errors)
            raise CommandError(f"Nothing imported: {count} row{'s' if count != 1 else ''} "
                               f"{'have' if count != 1 else 'has'} problems.")
        for line in result.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        elif not result.changed:
            self.stdout.write("Nothing changed: the portal already matches the workbook.")
        else:
            self.stdout.write("Imported.")
