from django.urls import path
from django.utils.translation import gettext_lazy as _

from csrplan.access import Role
from csrplan.placeholders import coming_soon

app_name = "reports"

urlpatterns = [
    path("", coming_soon(_("Reports")), name="list"),
    path("generate/", coming_soon(_("Generate PDF"), minimum=Role.OFFICER), name="generate"),
]
