# The four kinds of the old fixed list keep their values as slugs, so every board keeps its
# kind; the kinds the partnerships' plans name are added for the clerk to choose from.

from django.db import migrations

KINDS = [
    # (slug, name, position): the old fixed list first, in its order.
    ("partnership_board", "Partnership board", 10),
    ("subgroup", "Subgroup", 20),
    ("safer_neighbourhood_board", "Safer neighbourhood board", 30),
    ("executive_group", "Executive group", 40),
    ("strategic_group", "Strategic group", 50),
    ("delivery_group", "Delivery group", 60),
    ("panel", "Panel", 70),
    ("scrutiny_committee", "Scrutiny committee", 80),
]


def kinds_forward(apps, schema_editor):
    BoardKind = apps.get_model("boards", "BoardKind")
    Board = apps.get_model("boards", "Board")
    by_slug = {}
    for slug, name, position in KINDS:
        by_slug[slug], _ = BoardKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    for board in Board.objects.all():
        kind = by_slug.get(board.kind)
        if kind is None:
            # A value outside the old list (written straight to the database): keep it.
            kind, _ = BoardKind.objects.get_or_create(
                slug=board.kind, defaults={"name": board.kind.replace("_", " ").capitalize()}
            )
            by_slug[board.kind] = kind
        board.kind_ref = kind
        board.save(update_fields=["kind_ref"])


def kinds_backward(apps, schema_editor):
    Board = apps.get_model("boards", "Board")
    for board in Board.objects.select_related("kind_ref"):
        board.kind = board.kind_ref.slug if board.kind_ref else "subgroup"
        board.save(update_fields=["kind"])


class Migration(migrations.Migration):

    dependencies = [
        ("boards", "0004_board_kinds_and_organisation_seats"),
    ]

    operations = [
        migrations.RunPython(kinds_forward, kinds_backward),
    ]
