"""The outbox page (officer and up) with its retry action; each person's notifications page."""

import pytest
from django.urls import reverse

from core.access import Role
from notifications import services
from notifications.models import Message, Notification

pytestmark = pytest.mark.django_db


def _message(key: str, status=Message.Status.QUEUED) -> Message:
    message = services.message_queue(
        channel="email",
        recipient="warga@example.org",
        language="id",
        template="notifications/plain",
        context={"subject": f"Subjek {key}", "body": "Isi"},
        key=key,
    )
    Message.objects.filter(pk=message.pk).update(status=status, last_error="SMTP mati" if status == "failed" else "")
    return message


def test_the_outbox_shows_status_and_reason_to_officers_only(make_user, client_for, django_assert_max_num_queries):
    for n in range(30):
        _message(f"k{n}", Message.Status.FAILED if n % 2 else Message.Status.SENT)
    officer = make_user(Role.OFFICER)
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:outbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gagal" in html and "Terkirim" in html and "SMTP mati" in html and "Kirim ulang" in html
    assert client_for(make_user(Role.VIEWER, "v")).get(reverse("notifications:outbox")).status_code == 403


def test_retry_queues_a_failed_message_again(officer, client_for):
    message = _message("failed-one", Message.Status.FAILED)
    response = client_for(officer).post(reverse("notifications:message_retry", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.QUEUED, 0)


def test_the_inbox_lists_my_notifications_and_saves_my_choices(viewer, client_for):
    Notification.objects.create(user=viewer, title="Rencana disetujui", url="/plans/", idempotency_key="x")
    client = client_for(viewer)
    assert "Rencana disetujui" in client.get(reverse("notifications:inbox")).content.decode()
    response = client.post(
        reverse("notifications:inbox"), {"pref-in_app": "on", "pref-email": "", "pref-language": "en"}
    )
    assert response.status_code == 302
    preference = services.preference_for(viewer)
    assert (preference.in_app, preference.email, preference.language) == (True, False, "en")
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at=None).exists()
