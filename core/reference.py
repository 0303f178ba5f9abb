"""Reference data every installation has: role groups, regions, categories, SDGs.

Data migrations create it. Transactional tests (the browser journeys) flush the database
between tests, so they put it back with `ensure_reference_data()`. Each app that has reference
data says so on its AppConfig with an idempotent `ensure_reference_data(apps)` hook (which calls
its own `<app>/reference.py`, as its data migration does); core asks every installed app, so it
never has to know, nor import, the apps above it.
"""

from django.apps import apps as global_apps

from .roles import sync_role_permissions


def ensure_reference_data() -> None:
    sync_role_permissions()
    for config in global_apps.get_app_configs():
        hook = getattr(config, "ensure_reference_data", None)
        if hook is not None:
            hook(global_apps)
