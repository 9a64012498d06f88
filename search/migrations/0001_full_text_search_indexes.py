"""GIN indexes on the full-text vectors search matches (search.sources), on PostgreSQL only.

On SQLite, where search falls back to a case-insensitive match, this migration does nothing.
"""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# (app, model, fields, index name) as search.sources had them when this was written: the
# expression must be the one the search filters on for PostgreSQL to use the index.
INDEXES = (
    ("boards", "Meeting", ("title", "venue"), "search_meeting_gin"),
    ("boards", "AgendaItem", ("title", "description"), "search_agendaitem_gin"),
    ("boards", "Paper", ("title", "heading", "author"), "search_paper_gin"),
    ("boards", "PaperSection", ("heading", "body"), "search_papersection_gin"),
    ("boards", "Minute", ("text", "decisions"), "search_minute_gin"),
    ("actions", "Action", ("description", "comments"), "search_action_gin"),
)


def _indexes(apps):
    for app, model, fields, name in INDEXES:
        yield apps.get_model(app, model), GinIndex(
            SearchVector(*fields, config="english"), name=name
        )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):

    dependencies = [
        ("boards", "0008_pack_render_dispatch_and_attempts"),
        ("actions", "0002_plan_actions"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
