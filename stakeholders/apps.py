from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ensure_reference_data(self, apps) -> None:
        """Idempotent; core.reference.ensure_reference_data() calls it for every app that has one."""
        from .reference import ensure

        ensure(apps)
