"""Reference data every installation has: role groups, regions, categories, SDGs.

Data migrations create it. Transactional tests (the browser journeys) flush the database
between tests, so they put it back with `ensure_reference_data()`. Each app that has
reference data provides `<app>/reference.py` with an idempotent `ensure(apps)` function,
which its data migration calls too.
"""

from importlib import import_module

from django.apps import apps as global_apps

from .roles import sync_role_permissions

APPS_WITH_REFERENCE_DATA = ("stakeholders", "fgd", "programs")


def ensure_reference_data() -> None:
    sync_role_permissions()
    for app_label in APPS_WITH_REFERENCE_DATA:
        import_module(f"{app_label}.reference").ensure(global_apps)
