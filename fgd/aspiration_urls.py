"""URLs under /aspirations/: the staff triage queue and the public form and tracking pages."""

from django.urls import path

from . import views_aspirations as staff
from . import views_public as public

app_name = "aspirations"

urlpatterns = [
    # Staff
    path("", staff.aspiration_list_view, name="list"),
    path("export/", staff.aspiration_export, name="export"),
    path("bulk/", staff.aspiration_bulk, name="bulk"),
    path("new/", staff.aspiration_create_view, name="create"),
    path("similar/", staff.aspiration_staff_similar, name="staff_similar"),
    path("<int:pk>/", staff.aspiration_detail_view, name="detail"),
    path("<int:pk>/similar/", staff.aspiration_detail_similar, name="detail_similar"),
    path("<int:pk>/edit/", staff.aspiration_edit_view, name="edit"),
    path("<int:pk>/transition/", staff.aspiration_transition_view, name="transition"),
    path("<int:pk>/score/", staff.aspiration_score_view, name="score"),
    path("<int:pk>/merge/", staff.aspiration_merge_view, name="merge"),
    path("<int:pk>/attachment/", staff.aspiration_attachment, name="attachment"),
    # Public (no login)
    path("submit/", public.submit, name="submit"),
    path("submit/thanks/", public.submitted, name="submitted"),
    path("submit/similar/", public.similar, name="similar"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_detail, name="track_detail"),
]
