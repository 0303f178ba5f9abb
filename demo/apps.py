from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development only: the scenario's demo users and data (`seed_demo`). Installed when DEBUG, in
    tests, or with DEMO=true (csrplan/settings.py); it may import every app, no product code imports it."""

    name = "demo"
    verbose_name = "Demo data"
