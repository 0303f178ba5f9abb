"""The app's URLs, one file, two prefixes (csrplan/urls.py includes each under its own namespace):

- `session_patterns` under /fgd/ (namespace "fgd"): the FGD sessions (list, page, invitations,
  attendance, minutes, attachments, QR);
- `aspiration_patterns` under /aspirations/ (namespace "aspirations"): the staff triage queue and
  the public form and tracking pages.

Paths and names are public contracts (printed QR codes, bookmarks): keep them as they are.
"""

from django.urls import path

from .views import aspirations as staff
from .views import public, rsvp, updates
from .views import sessions as views

session_patterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/minutes/", views.session_minutes, name="minutes"),
    path("<int:pk>/held/", views.session_mark_held, name="mark_held"),
    path("<int:pk>/finalise/", views.session_finalise, name="finalise"),
    path("<int:pk>/reopen/", views.session_reopen, name="reopen"),
    path("<int:pk>/invite/", views.session_invite, name="invite"),
    path("<int:pk>/attendance/", views.session_attendance, name="attendance"),
    path("<int:pk>/walk-in/", views.session_walk_in, name="walk_in"),
    path("<int:pk>/invitations/<int:invitation_pk>/remove/", views.invitation_remove, name="invitation_remove"),
    path("<int:pk>/attachments/new/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/capture/", views.session_capture, name="capture"),
    path("<int:pk>/qr/", views.session_qr, name="qr"),
    path("<int:pk>/qr.svg", views.session_qr_svg, name="qr_svg"),
    path("<int:pk>/invitations/send/", views.session_send_invitations, name="send_invitations"),
    path("<int:pk>/slips/", views.session_slips, name="slips"),
    path("s/<str:code>/", views.session_short_link, name="short_link"),
    # Public: the invitee's answer, through the signed link in their invitation (no login).
    path("rsvp/<str:token>/", rsvp.rsvp, name="rsvp"),
]

aspiration_patterns = [
    # Staff
    path("", staff.aspiration_list_view, name="list"),
    path("export/", staff.aspiration_export, name="export"),
    path("bulk/", staff.aspiration_bulk, name="bulk"),
    path("bulk/<int:pk>/", staff.aspiration_bulk_job, name="bulk_job"),
    path("bulk/<int:pk>/retry/", staff.aspiration_bulk_job_retry, name="bulk_job_retry"),
    path("new/", staff.aspiration_create_view, name="create"),
    path("similar/", staff.aspiration_staff_similar, name="staff_similar"),
    path("<int:pk>/", staff.aspiration_detail_view, name="detail"),
    path("<int:pk>/similar/", staff.aspiration_detail_similar, name="detail_similar"),
    path("<int:pk>/edit/", staff.aspiration_edit_view, name="edit"),
    path("<int:pk>/transition/", staff.aspiration_transition_view, name="transition"),
    path("<int:pk>/score/", staff.aspiration_score_view, name="score"),
    path("<int:pk>/merge/", staff.aspiration_merge_view, name="merge"),
    path("merges/<int:pk>/undo/", staff.aspiration_merge_undo_view, name="merge_undo"),
    path("<int:pk>/attachment/", staff.aspiration_attachment, name="attachment"),
    # Public (no login)
    path("submit/", public.submit, name="submit"),
    path("submit/thanks/", public.submitted, name="submitted"),
    path("submit/similar/", public.similar, name="similar"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_detail, name="track_detail"),
    path("stop/<str:token>/", updates.stop_updates, name="stop_updates"),
]
