from django.db import migrations

from stakeholders.reference import ensure


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(lambda apps, schema_editor: ensure(apps), migrations.RunPython.noop)]
