"""URLs under /aspirations/: the staff triage queue and the public form and tracking pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from csrplan.placeholders import coming_soon

from . import views_public

app_name = "aspirations"

urlpatterns = [
    path("", coming_soon(_("Aspirations")), name="list"),
    # Public (no login)
    path("submit/", views_public.submit, name="submit"),
    path("submit/thanks/", views_public.submitted, name="submitted"),
    path("submit/similar/", views_public.similar, name="similar"),
    path("track/", views_public.track, name="track"),
    path("track/<str:code>/", views_public.track_detail, name="track_detail"),
]
