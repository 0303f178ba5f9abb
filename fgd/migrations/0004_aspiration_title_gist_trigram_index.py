"""Duplicate suggestions walk a GiST trigram index nearest-first instead of rechecking GIN matches.

At 100,000 aspirations the GIN index returned tens of thousands of rows above the threshold, each
rescored against the table (0.2–0.5 s); a GiST index ordered by distance stops after the nearest few.
A 256-byte signature (the default is 12) keeps the index precise enough for short titles.
PostgreSQL only, like the index it replaces.
"""

from django.db import migrations

GIN_INDEX = "fgd_aspiration_title_trgm"
GIST_INDEX = "fgd_aspiration_title_trgm_gist"


def use_gist(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {GIST_INDEX} ON fgd_aspiration USING gist (title gist_trgm_ops(siglen=256))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def use_gin(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON fgd_aspiration USING gin (title gin_trgm_ops)")
    schema_editor.execute(f"DROP INDEX IF EXISTS {GIST_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("fgd", "0003_aspiration_count_and_activity_indexes")]

    operations = [migrations.RunPython(use_gist, use_gin)]
