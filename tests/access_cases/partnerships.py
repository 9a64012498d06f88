"""The partnership import: the import page and its blank workbook (for anyone who manages a
board), and a board's partnership as a filled-in workbook (MANAGE_PARTNERSHIP on it)."""
from . import CLERK_ONLY, Case

EXPECTED: dict[str, list[Case]] = {
    "partnerships:import": [
        Case("form", lambda w: {}, CLERK_ONLY),
        Case("empty post re-shows the form", lambda w: {}, CLERK_ONLY, method="post"),
    ],
    "partnerships:import_template": [
        Case("blank workbook", lambda w: {}, CLERK_ONLY),
    ],
    "partnerships:board_workbook": [
        Case("the partnership board", lambda w: {"slug": w.board.slug}, CLERK_ONLY),
        Case("a subgroup", lambda w: {"slug": w.subgroup.slug}, CLERK_ONLY),
    ],
}
