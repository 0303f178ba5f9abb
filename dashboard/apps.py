from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The top floor: the home page (landing or staff dashboard), which reads every app."""

    name = "dashboard"
    verbose_name = _("Dashboard")
