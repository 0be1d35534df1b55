"""Trigram indexes for the directory's search, on PostgreSQL only.

A search is `icontains`, i.e. `UPPER(column) LIKE UPPER('%word%')`: no B-tree can serve it, so
every search read every organisation. A GIN index of the trigrams of `UPPER(column)` can. They
exist only on PostgreSQL (pg_trgm, a trusted extension the database owner may create); on
SQLite, with the small data it serves, this migration does nothing. They are not in the
models' Meta.indexes because SQLite cannot build them.
"""

from django.db import migrations

# Searched column: index name. The pledge list's search of a partner's name uses the first.
SEARCHED = {
    "name": "org_name_trgm_idx",
    "short_name": "org_short_name_trgm_idx",
    "description": "org_description_trgm_idx",
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    table = apps.get_model("companies", "Organization")._meta.db_table
    for column, name in SEARCHED.items():
        schema_editor.execute(
            f'CREATE INDEX "{name}" ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def remove_indexes(apps, schema_editor):
    # The extension stays: it costs nothing, and dropping it could break what else uses it.
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCHED.values():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0006_organization_name_index"),
    ]

    operations = [
        migrations.RunPython(add_indexes, remove_indexes, elidable=False),
    ]
