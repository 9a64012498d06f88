# Board kinds become data (a BoardKind table the partnership's clerk adds to); a membership
# may be an organisation's seat with a named representative and a deputy; organisations
# may be responsible authorities. Board.kind moves to the new table in 0005 and 0006.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("boards", "0003_pack_header_spelling_and_breaks"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardKind",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("position", models.PositiveSmallIntegerField(default=100)),
            ],
            options={"ordering": ["position", "name"]},
        ),
        migrations.AddField(
            model_name="board",
            name="kind_ref",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="boards", to="boards.boardkind"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="responsible_authority",
            field=models.BooleanField(default=False, help_text="A responsible authority (statutory partner) under the Crime and Disorder Act 1998."),
        ),
        migrations.AlterField(
            model_name="membership",
            name="person",
            field=models.ForeignKey(blank=True, help_text="The member, or the organisation's named representative.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="boards.person"),
        ),
        migrations.AddField(
            model_name="membership",
            name="organisation",
            field=models.ForeignKey(blank=True, help_text="Set when the seat is the organisation's.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="boards.organisation"),
        ),
        migrations.AddField(
            model_name="membership",
            name="deputy",
            field=models.ForeignKey(blank=True, help_text="Who stands in for an organisation's representative.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="deputy_memberships", to="boards.person"),
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(choices=[("chair", "Chair"), ("vice_chair", "Vice-chair"), ("member", "Member"), ("officer", "Officer"), ("clerk", "Contact officer / clerk"), ("minute_taker", "Minute taker"), ("adviser", "Adviser"), ("analyst", "Analyst")], default="member", max_length=20),
        ),
        migrations.AlterModelOptions(
            name="membership",
            options={"ordering": ["board", "role", "person__name", "organisation__name"]},
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(condition=models.Q(("person__isnull", False), ("organisation__isnull", False), _connector="OR"), name="membership_person_or_organisation"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(condition=models.Q(("deputy__isnull", True), ("organisation__isnull", False), _connector="OR"), name="membership_deputy_only_for_organisation"),
        ),
    ]
