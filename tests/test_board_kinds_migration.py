"""Board kinds become data: the migration keeps every board's kind (boards 0004–0006)."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("boards", "0003_pack_header_spelling_and_breaks")]
AFTER = [("boards", "0006_board_kind_required")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_board_keeps_its_kind_and_the_plans_kinds_are_added():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Board = old.get_model("boards", "Board")
    Board.objects.create(name="CSP", slug="csp", kind="partnership_board")
    Board.objects.create(name="SNB", slug="snb", kind="safer_neighbourhood_board")
    Board.objects.create(name="Odd", slug="odd", kind="task_force")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    boards = {b.slug: b.kind for b in new.get_model("boards", "Board").objects.all()}
    assert {slug: kind.slug for slug, kind in boards.items()} == {
        "csp": "partnership_board", "snb": "safer_neighbourhood_board", "odd": "task_force",
    }
    assert boards["snb"].name == "Safer neighbourhood board"
    assert boards["odd"].name == "Task force"
    names = set(new.get_model("boards", "BoardKind").objects.values_list("name", flat=True))
    assert {"Strategic group", "Delivery group", "Panel", "Scrutiny committee"} <= names

    # Back to the latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
