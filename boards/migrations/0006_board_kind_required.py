# Board.kind is now the BoardKind row 0005 filled in.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("boards", "0005_board_kinds_from_fixed_list"),
    ]

    operations = [
        migrations.RemoveField(model_name="board", name="kind"),
        migrations.RenameField(model_name="board", old_name="kind_ref", new_name="kind"),
        migrations.AlterField(
            model_name="board",
            name="kind",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="boards", to="boards.boardkind"),
        ),
    ]
