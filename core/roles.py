"""Keeps the role groups' model permissions in step with the models.

The groups themselves are created by a data migration (core/migrations/0001_roles.py);
permissions only exist after every app has migrated, so they are assigned on post_migrate.
The views are guarded by role (core.access); these permissions serve the admin site.
"""

from django.contrib.auth.models import Group, Permission

from .access import Role

DOMAIN_APPS = ("stakeholders", "fgd", "programs", "reports")


def _permissions_for(role: Role):
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    if role == Role.ADMINISTRATOR:
        return Permission.objects.all()
    if role == Role.MANAGER:
        return domain
    if role == Role.OFFICER:
        return domain.filter(codename__regex=r"^(view|add|change)_")
    return domain.filter(codename__startswith="view_")


def sync_role_permissions(**kwargs) -> None:
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.group_name)
        group.permissions.set(_permissions_for(role))
