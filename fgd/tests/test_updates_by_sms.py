"""A submitter who gave only a phone number (and consent) hears back by SMS through the text gateway:
short texts in GSM characters, in their language, with the tracking link and a short stop link.

The texts go through the outbox and the gateway's file backend (ConsoleTextGateway with
TEXT_GATEWAY_FILE), and are read back from that file.
"""

import json
import re
import time

import pytest
from django.core import signing
from django.core.cache import cache

from fgd.models import Aspiration
from fgd.services import notices
from fgd.services import public as spam
from fgd.services.aspirations import aspiration_transition
from fgd.tests.factories import AspirationFactory
from notifications.models import Message
from notifications.services import message_send

pytestmark = pytest.mark.django_db
Status = Aspiration.Status
SITE = "https://csr.example.org"
# GSM 03.38 basic character set: a text of these fits 160 characters per SMS (any other, UCS-2: 70).
GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


@pytest.fixture
def texts(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.TEXT_GATEWAY = "notifications.channels.ConsoleTextGateway"
    settings.TEXT_GATEWAY_FILE = str(tmp_path / "texts.jsonl")
    cache.clear()

    def sent() -> list[dict]:
        for pk in Message.objects.filter(status=Message.Status.QUEUED).order_by("pk").values_list("pk", flat=True):
            message_send(message_id=pk)
        path = tmp_path / "texts.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    yield sent
    cache.clear()


def _submit(client, *, phone="0812-5555 1234", email="", language="id", consent="on") -> Aspiration:
    client.cookies["csrplan_language"] = language
    data = {
        "title": "Lampu jalan gang Mawar",
        "description": "Gang gelap setiap malam.",
        "submitter_phone": phone,
        "submitter_email": email,
        "consent": consent,
        "rendered_at": signing.dumps(time.time() - 30, salt=spam.TIMESTAMP_SALT),
        "website": "",
        "session": "",
    }
    response = client.post("/aspirations/submit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Aspiration.objects.get(title="Lampu jalan gang Mawar")


def _links(body: str) -> list[str]:
    return re.findall(rf"{re.escape(SITE)}\S+", body)


def test_a_phone_only_submitter_gets_the_receipt_and_each_change_by_sms(client, texts):
    aspiration = _submit(client)
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)
    aspiration_transition(aspiration=aspiration, to_status=Status.PLANNED)  # told when the plan is approved:
    notices.planned(aspiration=aspiration, plan_key="7", plan_title="Rencana Kerja 2026", program_names=["Terang"])
    aspiration_transition(aspiration=aspiration, to_status=Status.IN_PROGRESS)
    aspiration_transition(aspiration=aspiration, to_status=Status.DONE)
    receipt, accepted, planned, started, done = texts()

    for text in (receipt, accepted, planned, started, done):
        assert text["channel"] == "sms" and text["to"] == "+6281255551234"
        assert set(text["body"]) <= GSM, "a character outside GSM makes the text UCS-2 (70 per SMS)"
        assert len(text["body"]) <= 160, (len(text["body"]), text["body"])
        track, stop = _links(text["body"])
        assert track == f"{SITE}/aspirations/track/{aspiration.tracking_code}/"
        assert stop.startswith(f"{SITE}/aspirations/stop/")
    assert receipt["body"].startswith("Aspirasi diterima: ")
    assert accepted["body"].startswith("Aspirasi Anda diterima: ")
    assert planned["body"].startswith("Aspirasi Anda direncanakan: ")
    assert started["body"].startswith("Aspirasi Anda dikerjakan: ")
    assert done["body"].startswith("Aspirasi Anda selesai: ")
    assert "Berhenti: " in receipt["body"]
    assert Message.objects.filter(channel="sms", status="sent").count() == 5
    assert not Message.objects.filter(channel="email").exists()


def test_the_short_stop_link_asks_then_stops_the_next_text_at_once(client, texts):
    aspiration = _submit(client, language="en")
    [receipt] = texts()
    assert receipt["body"].startswith("Aspiration received: ")
    _track, stop = _links(receipt["body"])
    assert len(stop) < len(SITE) + 45  # short, where every character counts
    # Opening it (a phone's link preview fetches it too) asks; only the button stops.
    response = client.get(stop.removeprefix(SITE))
    assert response.status_code == 200 and 'data-testid="stop-form"' in response.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is None
    assert client.post(stop.removeprefix(SITE)).status_code == 200
    aspiration.refresh_from_db()
    assert aspiration.updates_stopped_at is not None
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)
    assert texts() == [receipt]


def test_a_declined_text_gives_the_reason_in_the_submitters_language(client, texts):
    aspiration = _submit(client, language="en")
    aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, public_note="Outside our area")
    _receipt, declined = texts()
    assert declined["body"].startswith("Your aspiration was declined: ")
    assert "Reason: Outside our area" in declined["body"]


def test_e_mail_first_no_consent_nothing(client, texts, smtp_server):
    _submit(client, email="warga@example.org")
    assert texts() == [] and len(smtp_server.messages) == 1  # both given: e-mail only
    # The public form asks for consent with any contact; one recorded without it (staff) hears nothing.
    unconsented = AspirationFactory(submitter_phone="081255554321", consent_given_at=None)
    notices.receipt(aspiration=unconsented)
    assert texts() == [] and Message.objects.count() == 1


def test_short_stop_tokens_are_signed_and_expire(client, texts):
    aspiration = _submit(client)
    token = notices.stop_token_short(aspiration)
    assert notices.stop_token_aspiration_pk(token) == aspiration.pk
    pk, day, mac = token.split(".")
    assert notices.stop_token_aspiration_pk(f"{pk}.{day}.{'0' * len(mac)}") is None  # forged
    other = "z" if pk != "z" else "y"
    assert notices.stop_token_aspiration_pk(f"{other}.{day}.{mac}") is None  # another aspiration
    later = time.time() + notices.STOP_MAX_AGE + 2 * 86400
    assert notices.stop_token_aspiration_pk(token, now=later) is None  # expired
    assert client.get(f"/aspirations/stop/{pk}.{day}.{'0' * len(mac)}/").status_code == 404
