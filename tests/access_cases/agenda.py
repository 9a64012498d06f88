"""The clerk's meeting, agenda and forward plan pages (MANAGE_MEETINGS); a public forward plan."""
from . import CLERK_ONLY, EVERYONE, Case, meeting_kwargs

CLERK_ACTS = (302, 403, 403, 403, 302)  # a change made, then redirected
CLERK_ONLY_NOT_GET = (302, 403, 403, 403, 405)
CLERK_GETS_404 = (302, 403, 403, 403, 404)


def extend_world(world) -> None:
    """A forward plan item and a second item of the planned meeting's agenda."""
    from tests.factories import AgendaItemFactory, ForwardPlanItemFactory

    world.plan_item = ForwardPlanItemFactory(
        board=world.board, meeting=world.planned, title="Community Safety Plan refresh"
    )
    world.spare_item = AgendaItemFactory(meeting=world.planned, position=2, title="AOB")


def _item(world, meeting: str = "published", item: str = "item") -> dict:
    return {**meeting_kwargs(world, meeting), "item_pk": getattr(world, item).pk}


def _plan_item(world) -> dict:
    return {"slug": world.board.slug, "item_pk": world.plan_item.pk}


def _board(world) -> dict:
    return {"slug": world.board.slug}


EXPECTED: dict[str, list[Case]] = {
    "boards:agenda_pull_forward_plan": [
        Case("choose planned items", lambda w: meeting_kwargs(w, "planned"), CLERK_ONLY),
        Case("pull a planned item", lambda w: meeting_kwargs(w, "planned"), CLERK_ACTS,
             method="post", data=lambda w: {"items": [str(w.plan_item.pk)]}),
    ],
    "boards:standard_agenda": [
        Case("the board's standard agenda", lambda w: {"slug": w.board.slug}, CLERK_ONLY),
        Case("save it", lambda w: {"slug": w.board.slug}, CLERK_ACTS, method="post",
             data=lambda w: {"opening": "Apologies", "closing": "AOB"}),
    ],
    "boards:meeting_create": [
        Case("form", _board, CLERK_ONLY),
        Case("empty form re-shown", _board, CLERK_ONLY, method="post", data=lambda w: {}),
    ],
    "boards:agenda_edit": [
        Case("published meeting", lambda w: meeting_kwargs(w), CLERK_ONLY),
        Case("planned meeting", lambda w: meeting_kwargs(w, "planned"), CLERK_ONLY),
    ],
    "boards:agenda_item_add": [
        Case("item form", lambda w: meeting_kwargs(w, "planned"), CLERK_ONLY),
        Case("empty item re-shown", lambda w: meeting_kwargs(w, "planned"), CLERK_ONLY,
             method="post", data=lambda w: {}),
        Case("add an item", lambda w: meeting_kwargs(w, "planned"), CLERK_ACTS,
             method="post", data=lambda w: {"title": "Date of next meeting"}),
    ],
    "boards:agenda_item_edit": [
        Case("item of the published meeting", _item, CLERK_ONLY),
        Case("restricted item", lambda w: _item(w, item="private_item"), CLERK_ONLY),
        Case("item of another meeting", lambda w: _item(w, "planned"), CLERK_GETS_404),
        Case("save an item", _item, CLERK_ACTS, method="post",
             data=lambda w: {"title": "Performance report", "minutes_allowed": "20"}),
    ],
    "boards:agenda_item_move": [
        Case("move by GET is refused", _item, CLERK_ONLY_NOT_GET),
        Case("move down", _item, CLERK_ACTS, method="post", data=lambda w: {"direction": "down"}),
    ],
    "boards:agenda_item_delete": [
        Case("confirmation page", lambda w: _item(w, "planned", "spare_item"), CLERK_ONLY),
        Case("delete", lambda w: _item(w, "planned", "spare_item"), CLERK_ACTS, method="post"),
    ],
    "boards:forward_plan": [
        Case("partnership board", _board, EVERYONE),
        Case("subgroup", lambda w: {"slug": w.subgroup.slug}, EVERYONE),
    ],
    "boards:forward_plan_item_add": [
        Case("form", _board, CLERK_ONLY),
        Case("add an item", _board, CLERK_ACTS, method="post",
             data=lambda w: {"meeting": w.planned.pk, "title": "Serious violence duty"}),
    ],
    "boards:forward_plan_item_edit": [
        Case("form", _plan_item, CLERK_ONLY),
        Case("empty form re-shown", _plan_item, CLERK_ONLY, method="post", data=lambda w: {}),
    ],
    "boards:forward_plan_item_delete": [
        Case("confirmation page", _plan_item, CLERK_ONLY),
        Case("remove", _plan_item, CLERK_ACTS, method="post"),
    ],
}
