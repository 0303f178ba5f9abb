"""Aspiration categories (reference data) and, on PostgreSQL only, a trigram index for duplicates."""

from django.db import migrations

TRIGRAM_INDEX = "fgd_aspiration_title_trgm"


def add_categories(apps, schema_editor):
    from fgd.reference import ensure

    ensure(apps)


def add_trigram_index(apps, schema_editor):
    # pg_trgm exists only on PostgreSQL; SQLite uses the simpler fallback in fgd/selectors.py.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON fgd_aspiration USING gin (title gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("fgd", "0001_initial")]

    operations = [
        migrations.RunPython(add_categories, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
