"""Submitters hear back: a receipt, then each public status change, in their language, until they say stop.

The messages go through the outbox to a real SMTP server (the root conftest's smtp_server).
"""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from fgd.models import Aspiration
from fgd.services import notices
from fgd.services import public as spam
from fgd.services.aspirations import aspiration_transition
from notifications.models import Message
from notifications.services import message_send

pytestmark = pytest.mark.django_db
Status = Aspiration.Status
SUBMIT = "/aspirations/submit/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://csr.example.org"


def _submit(client, *, email="warga@example.org", language="id", consent="on") -> Aspiration:
    client.cookies["csrplan_language"] = language
    data = {
        "title": "Air bersih untuk RT 12",
        "description": "Sumur warga kering setiap kemarau.",
        "submitter_name": "Siti Aminah",
        "submitter_email": email,
        "consent": consent,
        "rendered_at": signing.dumps(time.time() - 30, salt=spam.TIMESTAMP_SALT),
        "website": "",
        "session": "",
    }
    response = client.post(SUBMIT, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Aspiration.objects.get(title="Air bersih untuk RT 12")


def _deliver(smtp_server):
    for pk in Message.objects.filter(status=Message.Status.QUEUED).order_by("pk").values_list("pk", flat=True):
        message_send(message_id=pk)
    return smtp_server.messages


def _links(text: str) -> list[str]:
    return re.findall(r"https://csr\.example\.org\S+", text)


def test_the_receipt_in_indonesian_has_the_code_the_tracking_link_and_a_stop_link(client, smtp_server):
    aspiration = _submit(client)
    assert aspiration.contact_language == "id"
    [received] = _deliver(smtp_server)
    body = received.get_content()
    assert received["To"] == "warga@example.org"
    assert received["Subject"] == f"Aspirasi Anda sudah kami terima: {aspiration.tracking_code}"
    assert "Yth. Siti Aminah" in body and aspiration.tracking_code in body
    track, stop = _links(body)
    assert track == f"https://csr.example.org/aspirations/track/{aspiration.tracking_code}/"
    assert stop.startswith("https://csr.example.org/aspirations/stop/")
    assert received["List-Unsubscribe"].strip() == f"<{stop}>"  # folded: the link is long
    assert client.get(track.removeprefix("https://csr.example.org")).status_code == 200


def test_an_english_submitter_hears_in_english(client, smtp_server):
    aspiration = _submit(client, language="en")
    aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, public_note="Outside our area")
    receipt, declined = _deliver(smtp_server)
    assert receipt["Subject"] == f"Your aspiration was received: {aspiration.tracking_code}"
    assert declined["Subject"] == f"Your aspiration {aspiration.tracking_code} was declined"
    assert "The reason: Outside our area" in declined.get_content()


def test_each_public_status_change_is_told_once_and_internal_steps_are_not(client, smtp_server):
    aspiration = _submit(client)
    aspiration_transition(aspiration=aspiration, to_status=Status.UNDER_REVIEW)
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)
    aspiration_transition(aspiration=aspiration, to_status=Status.PLANNED)  # told when the plan is approved
    aspiration_transition(aspiration=aspiration, to_status=Status.IN_PROGRESS)
    aspiration_transition(aspiration=aspiration, to_status=Status.DONE)
    subjects = [m["Subject"] for m in _deliver(smtp_server)]
    code = aspiration.tracking_code
    assert subjects == [
        f"Aspirasi Anda sudah kami terima: {code}",
        f"Aspirasi Anda {code} diterima",
        f"Pekerjaan untuk aspirasi Anda {code} sudah dimulai",
        f"Aspirasi Anda {code} sudah selesai dikerjakan",
    ]


def test_without_consent_or_without_email_nothing_is_sent(client, smtp_server):
    _submit(client, email="")
    aspiration = Aspiration.objects.get()
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)
    assert not Message.objects.exists()


def test_the_stop_link_takes_effect_at_once_and_is_recorded_against_the_consent(client, smtp_server):
    aspiration = _submit(client)
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)  # queued, not yet sent
    stop = reverse("aspirations:stop_updates", args=[notices.stop_token(aspiration)])
    response = client.post(stop)
    assert response.status_code == 200
    assert aspiration.tracking_code in response.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is not None and aspiration.consent_given_at is not None
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SUPPRESSED}
    aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, public_note="Di luar wilayah")
    assert _deliver(smtp_server) == []
    assert Message.objects.count() == 2


def test_opening_the_link_asks_and_stops_nothing_so_mail_scanners_cannot_stop_updates(client, smtp_server):
    aspiration = _submit(client)
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)
    stop = reverse("aspirations:stop_updates", args=[notices.stop_token(aspiration)])
    for _scan in range(2):  # a scanner, then the person
        response = Client().get(stop)
        assert response.status_code == 200 and 'data-testid="stop-form"' in response.content.decode()
    assert Client().head(stop).status_code == 405
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is None
    assert Message.objects.filter(status=Message.Status.QUEUED).count() == 2  # receipt and "accepted" still go
    # The page's one button posts to the same link (no CSRF token needed: the signed link is the proof).
    assert 'method="post"' in response.content.decode()
    stopped = Client(enforce_csrf_checks=True).post(stop)
    assert stopped.status_code == 200 and 'data-testid="stop-form"' not in stopped.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is not None
    assert 'data-testid="stop-form"' not in Client().get(stop).content.decode()  # already stopped: says so


def test_mail_clients_one_click_post_from_the_headers_works_without_a_csrf_token(client, smtp_server):
    aspiration = _submit(client)
    [received] = _deliver(smtp_server)
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058
    header_link = received["List-Unsubscribe"].strip().strip("<>").removeprefix("https://csr.example.org")
    one_click = Client(enforce_csrf_checks=True).post(header_link, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is not None


@pytest.mark.parametrize("token", ["ZZZZZZ", "1", "MQ:1kX:forged"])
def test_forged_stop_links_find_nothing(client, token):
    assert client.get(reverse("aspirations:stop_updates", args=[token])).status_code == 404


def test_stop_links_expire(client, smtp_server, monkeypatch):
    aspiration = _submit(client)
    stop = reverse("aspirations:stop_updates", args=[notices.stop_token(aspiration)])
    monkeypatch.setattr(notices, "STOP_MAX_AGE", -1)
    assert client.get(stop).status_code == 404
    assert client.post(stop).status_code == 404
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is None
