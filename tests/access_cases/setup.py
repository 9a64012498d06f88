"""The clerk's set-up pages: people, organisations and kinds of board (for anyone who manages
a board), a new top board (staff, or a user an administrator lets start a partnership), and
a board's own set-up and memberships (MANAGE_PARTNERSHIP on the board).

extend_world adds world.membership (the officer's seat on bd-csp), world.other_membership
(the other officer's seat on the elsewhere board) and world.organisation.
"""
from boards.models import Membership
from tests.factories import OrganisationFactory

from . import CLERK_ONLY, Case

NO_ONE = (302, 403, 403, 403, 403)
NOT_FOUND_FOR_CLERK = (302, 403, 403, 403, 404)


def extend_world(world) -> None:
    world.membership = Membership.objects.get(person=world.users["officer"].person)
    world.other_membership = Membership.objects.get(person=world.users["other_officer"].person)
    world.organisation = OrganisationFactory(name="Metropolitan Police")


def _board(w) -> dict:
    return {"slug": w.board.slug}


EXPECTED: dict[str, list[Case]] = {
    "boards:setup_home": [Case("set-up start page", lambda w: {}, CLERK_ONLY)],
    "boards:setup_person_list": [Case("people", lambda w: {}, CLERK_ONLY)],
    "boards:setup_person_add": [
        Case("form", lambda w: {}, CLERK_ONLY),
        Case("empty post re-shows the form", lambda w: {}, CLERK_ONLY, method="post"),
    ],
    "boards:setup_person_edit": [
        Case("form", lambda w: {"pk": w.users["officer"].person.pk}, CLERK_ONLY),
        Case("no such person", lambda w: {"pk": 999999}, NOT_FOUND_FOR_CLERK),
    ],
    "boards:setup_organisation_list": [Case("organisations", lambda w: {}, CLERK_ONLY)],
    "boards:setup_organisation_add": [
        Case("form", lambda w: {}, CLERK_ONLY),
        Case("empty post re-shows the form", lambda w: {}, CLERK_ONLY, method="post"),
    ],
    "boards:setup_organisation_edit": [
        Case("form", lambda w: {"pk": w.organisation.pk}, CLERK_ONLY),
    ],
    "boards:setup_board_kinds": [
        Case("list and form", lambda w: {}, CLERK_ONLY),
        Case("empty post re-shows the form", lambda w: {}, CLERK_ONLY, method="post"),
    ],
    "boards:setup_board_add_top": [
        Case("only staff or those allowed to start a partnership", lambda w: {}, NO_ONE),
    ],
    "boards:setup_board": [
        Case("the partnership board", _board, CLERK_ONLY),
        Case("a subgroup (its parent's clerk sets it up)", lambda w: {"slug": w.subgroup.slug},
             CLERK_ONLY),
    ],
    "boards:setup_board_edit": [
        Case("form", _board, CLERK_ONLY),
        Case("empty post re-shows the form", _board, CLERK_ONLY, method="post"),
    ],
    "boards:setup_board_add_below": [
        Case("form", _board, CLERK_ONLY),
        Case("empty post re-shows the form", _board, CLERK_ONLY, method="post"),
    ],
    "boards:setup_membership_add": [
        Case("form", _board, CLERK_ONLY),
        Case("empty post re-shows the form", _board, CLERK_ONLY, method="post"),
    ],
    "boards:setup_membership_edit": [
        Case("form", lambda w: {**_board(w), "pk": w.membership.pk}, CLERK_ONLY),
        Case("another board's membership", lambda w: {**_board(w),
                                                      "pk": w.other_membership.pk},
             NOT_FOUND_FOR_CLERK),
    ],
    "boards:setup_membership_end": [
        Case("form", lambda w: {**_board(w), "pk": w.membership.pk}, CLERK_ONLY),
        Case("empty post re-shows the form", lambda w: {**_board(w), "pk": w.membership.pk},
             CLERK_ONLY, method="post", data=lambda w: {"end_date_0": ""}),
    ],
}
