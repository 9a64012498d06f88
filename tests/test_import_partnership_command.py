"""``manage.py import_partnership``: a workbook or a folder of CSV files, and --dry-run."""
import io

import pytest
from django.core.management import CommandError, call_command

from boards.models import Board, Membership
from partnerships.workbook import SHEETS, workbook_csv, workbook_xlsx

pytestmark = pytest.mark.django_db

ROWS = {
    "organisations": [{"name": "Tower Hamlets Council", "short_name": "LBTH",
                       "responsible_authority": "yes"}],
    "boards": [
        {"slug": "th-csp", "name": "Tower Hamlets CSP", "kind": "Partnership board"},
        {"slug": "th-exec", "name": "Executive Group", "parent": "th-csp",
         "kind": "Executive group"},
    ],
    "people": [{"name": "Ann Officer", "organisation": "LBTH"}],
    "memberships": [{"board": "th-exec", "member": "Ann Officer", "role": "minute taker"}],
}


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_partnership", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_workbook_then_the_same_again(tmp_path):
    path = tmp_path / "partnership.xlsx"
    path.write_bytes(workbook_xlsx(ROWS))
    out, _ = _run(str(path))
    assert "boards: 2 created, 0 updated, 0 unchanged" in out and out.endswith("Imported.\n")
    assert Membership.objects.get().role == "minute_taker"
    again, _ = _run(str(path))
    assert "boards: 0 created, 0 updated, 2 unchanged" in again
    assert "Nothing changed" in again


def test_a_folder_of_csv_files_named_after_the_sheets_and_a_dry_run(tmp_path):
    for sheet, rows in ROWS.items():
        (tmp_path / f"{sheet}.csv").write_bytes(workbook_csv(sheet, rows))
    out, _ = _run(str(tmp_path), "--dry-run")
    assert "memberships: 1 created" in out and "Dry run: nothing was saved." in out
    assert not Board.objects.exists()
    _run(str(tmp_path))
    assert Board.objects.get(slug="th-exec").parent.slug == "th-csp"


def test_bad_rows_are_printed_by_sheet_and_row_and_nothing_is_saved(tmp_path):
    rows = {**ROWS, "memberships": [
        {"board": "th-exec", "member": "Ann Officer", "role": "boss"},
        {"board": "th-missing", "member": "Ann Officer", "role": "member"},
    ]}
    path = tmp_path / "partnership.xlsx"
    path.write_bytes(workbook_xlsx(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 2 rows have problems"):
        call_command("import_partnership", str(path), stderr=err, stdout=io.StringIO())
    lines = err.getvalue().splitlines()
    assert lines[0].startswith('memberships row 2: role "boss" is not')
    assert lines[1] == ('memberships row 3: board "th-missing" is not a board in the workbook '
                        "or the portal")
    assert not Board.objects.exists()


def test_an_unknown_csv_file_is_refused_by_name(tmp_path):
    (tmp_path / "boards.csv").write_bytes(workbook_csv("boards", ROWS["boards"]))
    (tmp_path / "budget.csv").write_text("line,amount\n")
    with pytest.raises(CommandError, match='sheet "budget" that the import does not know'):
        _run(str(tmp_path))
    assert set(SHEETS) >= {"boards"}
