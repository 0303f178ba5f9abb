from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Plans and programs")

    def ensure_reference_data(self, apps) -> None:
        """Idempotent; core.reference.ensure_reference_data() calls it for every app that has one."""
        from .reference import ensure

        ensure(apps)
