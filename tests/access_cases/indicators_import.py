"""Importing KPI returns: the import page (GET and POST) and its template downloads.

EDIT_INDICATORS on the board lets a user in (officer, chair, clerk); the object
rule then refuses rows for indicators the user may not edit: the board's officer
is not an officer of VAWG, so their file with a VAWG row is re-shown (200) while
the chair's and clerk's is imported (302).
"""
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import IndicatorFactory

from . import Case

EDITORS = (302, 403, 200, 200, 200)


def extend_world(world) -> None:
    world.vawg_indicator = IndicatorFactory(
        board=world.board, owning_subgroup=world.subgroup, reference="VAWG-1",
        name="Domestic abuse",
    )


def _board(world) -> dict:
    return {"slug": world.board.slug}


def _vawg_file(world) -> dict:
    content = f"indicator,period,value\n{world.vawg_indicator.reference},2018-01,180\n"
    return {"file": SimpleUploadedFile("returns.csv", content.encode(), "text/csv")}


EXPECTED: dict[str, list[Case]] = {
    "indicators:import_returns": [
        Case("import page", _board, EDITORS),
        Case("upload with no file re-shows the form", _board, EDITORS, method="post"),
        Case("upload a VAWG return: the board's officer may not edit it", _board,
             (302, 403, 200, 302, 302), method="post", data=_vawg_file),
    ],
    "indicators:import_template": [
        Case("CSV template", lambda w: {**_board(w), "fmt": "csv"}, EDITORS),
        Case("XLSX template", lambda w: {**_board(w), "fmt": "xlsx"}, EDITORS),
        Case("unknown format", lambda w: {**_board(w), "fmt": "pdf"}, (302, 403, 404, 404, 404)),
    ],
}
