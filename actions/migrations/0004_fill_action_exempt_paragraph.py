"""Actions raised before the restriction was kept on the action take it from the agenda item
(or that item's parent) they are still linked to."""

from django.db import migrations


def fill(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    for action in Action.objects.filter(raised_under__isnull=False).select_related(
        "raised_under__parent"
    ):
        item = action.raised_under
        paragraph = None
        if item.is_restricted:
            paragraph = item.exempt_paragraph
        elif item.parent_id is not None and item.parent.is_restricted:
            paragraph = item.parent.exempt_paragraph
        if paragraph is not None:
            action.exempt_paragraph = paragraph
            action.save(update_fields=["exempt_paragraph"])


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0003_action_exempt_paragraph_kept"),
        ("boards", "0009_protect_fixed_records"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
