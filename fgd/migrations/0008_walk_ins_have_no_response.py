"""Walk-ins were never invited: their invitation records no RSVP response (issue 11, item 4)."""

from django.db import migrations


def clear_walk_in_responses(apps, schema_editor):
    Invitation = apps.get_model("fgd", "Invitation")
    Invitation.objects.filter(is_walk_in=True).update(response="pending")


class Migration(migrations.Migration):
    dependencies = [("fgd", "0007_aspiration_updates_by_email")]

    operations = [migrations.RunPython(clear_walk_in_responses, migrations.RunPython.noop)]
