from django.db import migrations, models


def mark_existing_subgroups(apps, schema_editor):
    """Subgroups and SNBs that exist already keep their officers' role on the parent board.

    Before this field every subgroup's members acted as officers of the boards
    above; now only the officer roles of a subgroup marked as reporting do.
    """
    Board = apps.get_model("boards", "Board")
    Board.objects.filter(
        parent__isnull=False, kind__slug__in=["subgroup", "safer_neighbourhood_board"]
    ).update(reports_to_parent=True)


class Migration(migrations.Migration):

    dependencies = [
        ("boards", "0006_board_kind_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="board",
            name="reports_to_parent",
            field=models.BooleanField(
                default=False,
                help_text="The subgroup reports to its parent board: its chairs, officers, "
                "clerks and minute takers act as officers of the parent board (never its plain "
                "members).",
            ),
        ),
        migrations.RunPython(mark_existing_subgroups, migrations.RunPython.noop),
    ]
