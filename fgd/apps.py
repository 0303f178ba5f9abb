from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FgdConfig(AppConfig):
    name = "fgd"
    verbose_name = _("FGD and aspirations")

    def ensure_reference_data(self, apps) -> None:
        """Idempotent; core.reference.ensure_reference_data() calls it for every app that has one."""
        from .reference import ensure

        ensure(apps)
