from django.db import migrations

from programs.reference import ensure


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(lambda apps, schema_editor: ensure(apps), migrations.RunPython.noop)]
