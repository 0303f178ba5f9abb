"""URLs under /aspirations/: the staff triage queue and the public form and tracking pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from csrplan.placeholders import coming_soon

app_name = "aspirations"

urlpatterns = [
    path("", coming_soon(_("Aspirations")), name="list"),
    path("submit/", coming_soon(_("Send an aspiration"), minimum=None), name="submit"),
    path("track/", coming_soon(_("Track your aspiration"), minimum=None), name="track"),
]
