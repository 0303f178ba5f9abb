"""The four role groups. Moved here from the project package's app (label "csrplan", which no
longer exists): on a database that already ran csrplan.0001_roles this runs again and is harmless,
since it only get_or_create()s the groups (the stale "csrplan" row in django_migrations is inert)."""

from django.db import migrations

ROLE_GROUPS = ["Viewer", "CSR officer", "Manager", "Administrator"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
