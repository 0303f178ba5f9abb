"""URLs under /fgd/: the FGD sessions (list, page, invitations, attendance, minutes, attachments, QR)."""

from django.urls import path

from . import views_sessions as views

app_name = "fgd"

urlpatterns = [
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
    path("s/<str:code>/", views.session_short_link, name="short_link"),
]
