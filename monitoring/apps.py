from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Realisation and monitoring")

    def ready(self) -> None:
        from fgd.selectors.aspirations import PROGRAM_PROGRESS_HOOKS

        from .selectors import public_program_progress

        if public_program_progress not in PROGRAM_PROGRESS_HOOKS:
            PROGRAM_PROGRESS_HOOKS.append(public_program_progress)
