"""Trigram indexes for the public lists' search of needs and pledges, on PostgreSQL only.

A search is `icontains`, i.e. `UPPER(column) LIKE UPPER('%word%')`: no B-tree can serve it, so
every search read every public pledge (~360 ms at 100,000). A GIN index of the trigrams of
`UPPER(column)` can. They exist only on PostgreSQL (pg_trgm, a trusted extension, is created
by companies' 0007); on SQLite, with the small data it serves, this migration does nothing.
They are not in the models' Meta.indexes because SQLite cannot build them.
"""

from django.db import migrations

# Model: {searched column: index name}, what programs/filters.py searches.
SEARCHED = {
    "Opportunity": {
        "title": "opportunity_title_trgm_idx",
        "description": "opportunity_description_trgm_idx",
    },
    "Commitment": {
        "title": "commitment_title_trgm_idx",
        "description": "commitment_description_trgm_idx",
    },
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, columns in SEARCHED.items():
        table = apps.get_model("programs", model_name)._meta.db_table
        for column, name in columns.items():
            schema_editor.execute(
                f'CREATE INDEX "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)'
            )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for columns in SEARCHED.values():
        for name in columns.values():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0007_directory_search_indexes"),
        ("programs", "0011_directory_theme_filter_indexes"),
    ]

    operations = [
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
