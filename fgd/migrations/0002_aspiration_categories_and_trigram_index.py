"""Aspiration categories (reference data) and, on PostgreSQL only, a trigram index for duplicates."""

from django.db import migrations

TRIGRAM_INDEX = "fgd_aspiration_title_trgm"


# Frozen copy of the reference data as it was when this migration was written: a migration never
# imports live application code. csrplan/tests/test_migrations_frozen.py checks it still equals fgd.reference.
ASPIRATION_CATEGORIES = [('education', 'Pendidikan', 'Education'),
 ('health', 'Kesehatan', 'Health'),
 ('environment', 'Lingkungan', 'Environment'),
 ('economic', 'Pemberdayaan ekonomi / usaha mikro', 'Economic empowerment / micro-business'),
 ('infrastructure', 'Infrastruktur', 'Infrastructure'),
 ('social_culture', 'Sosial dan budaya', 'Social and culture'),
 ('disaster', 'Tanggap bencana', 'Disaster response'),
 ('other', 'Lainnya', 'Other')]


def add_categories(apps, schema_editor) -> None:
    """Idempotent: creates what is missing. `apps` is a migration's app registry or the global one."""
    category_model = apps.get_model("fgd", "AspirationCategory")
    for order, (code, name_id, name_en) in enumerate(ASPIRATION_CATEGORIES, start=1):
        category_model.objects.update_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "order": order * 10}
        )


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
