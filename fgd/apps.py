from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FgdConfig(AppConfig):
    name = "fgd"
    verbose_name = _("FGD and aspirations")
