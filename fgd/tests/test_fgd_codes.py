"""The people who spoke at an FGD hear the tracking codes of what they said once its minutes are final:
one message per speaker, in their language, by e-mail (read back from a real SMTP server) or by text
when they gave only a phone, never without consent, never twice; and a printable slip per participant."""

import json
import re

import pytest
from django.urls import reverse

from fgd.models import FgdSession
from fgd.services import sessions as services
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory, SessionAspirationFactory
from notifications.models import Message
from notifications.services import message_send
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = "https://csr.example.org"
    settings.TEXT_GATEWAY = "notifications.channels.ConsoleTextGateway"
    settings.TEXT_GATEWAY_FILE = str(tmp_path / "texts.jsonl")


def _held_session() -> FgdSession:
    return FgdSessionFactory(status=FgdSession.Status.HELD, summary="Dua puluh aspirasi dibahas.")


def _say(session, stakeholder, title: str):
    return SessionAspirationFactory(session=session, stakeholder=stakeholder, title=title)


def _send(smtp_server):
    for pk in Message.objects.filter(status=Message.Status.QUEUED).order_by("pk").values_list("pk", flat=True):
        message_send(message_id=pk)
    return smtp_server.messages


def test_each_speaker_gets_their_codes_once_the_minutes_are_final(smtp_server, settings, manager):
    session = _held_session()
    siti = StakeholderFactory(name="Siti Aminah", language="id")
    john = StakeholderFactory(name="John Carter", language="en")
    phone_only = StakeholderFactory(name="Pak Darto", email="", phone="+6281250010009")
    silent = StakeholderFactory(name="Tanpa Persetujuan", consent_date=None)
    for person in (siti, john, phone_only, silent):
        InvitationFactory(session=session, stakeholder=person)
    water = _say(session, siti, "Air bersih RT 12")
    coir = _say(session, siti, "Pemasaran sabut kelapa")
    mangrove = _say(session, john, "Mangrove planting")
    _say(session, phone_only, "Bank sampah")
    _say(session, silent, "Beasiswa")

    services.session_finalise_minutes(session=session, by=manager)
    received = {m["To"]: m for m in _send(smtp_server)}

    assert set(received) == {siti.email, john.email}
    to_siti, to_john = received[siti.email], received[john.email]
    assert to_siti["Subject"].strip() == f"Kode pelacakan aspirasi Anda di FGD “{session.title}”"
    assert to_john["Subject"].strip() == f"The tracking codes of your aspirations at the FGD “{session.title}”"
    body = to_siti.get_body(("plain",)).get_content()
    assert "Yth. Siti Aminah" in body
    for aspiration in (water, coir):
        assert aspiration.tracking_code in body
        assert f"https://csr.example.org/aspirations/track/{aspiration.tracking_code}/" in body
    assert mangrove.tracking_code in to_john.get_body(("plain",)).get_content()
    with open(settings.TEXT_GATEWAY_FILE, encoding="utf-8") as handle:
        (text,) = [json.loads(line) for line in handle]
    assert text["to"] == "+6281250010009" and re.search(r"ASP-T\d+-TEST", text["body"])
    assert not Message.objects.filter(recipient=silent.email).exists()


def test_reopening_and_finalising_again_tells_only_the_codes_captured_since(smtp_server, manager):
    session = _held_session()
    siti = StakeholderFactory(name="Siti Aminah")
    InvitationFactory(session=session, stakeholder=siti)
    first = _say(session, siti, "Air bersih RT 12")
    services.session_finalise_minutes(session=session, by=manager)
    services.session_reopen(session=session, by=manager, reason="Satu aspirasi tertinggal")
    services.session_finalise_minutes(session=session, by=manager)  # nothing new: nothing sent
    assert Message.objects.count() == 1

    services.session_reopen(session=session, by=manager, reason="Satu aspirasi tertinggal")
    later = _say(session, siti, "Pelatihan urban farming")
    services.session_finalise_minutes(session=session, by=manager)
    first_mail, second_mail = _send(smtp_server)
    assert first.tracking_code in first_mail.get_body(("plain",)).get_content()
    second = second_mail.get_body(("plain",)).get_content()
    assert later.tracking_code in second and first.tracking_code not in second


def test_the_slip_page_prints_each_participants_codes_with_a_qr_code(client_for, officer, viewer):
    session = _held_session()
    siti = StakeholderFactory(name="Siti Aminah")
    water = _say(session, siti, "Air bersih RT 12")
    coir = _say(session, siti, "Pemasaran sabut kelapa")
    _say(session, StakeholderFactory(name="Budi Santoso"), "Bank sampah")
    url = reverse("fgd:slips", args=[session.pk])

    assert client_for(viewer).get(url).status_code == 403
    html = client_for(officer).get(url).content.decode()
    slips = re.findall(r'<article class="slip" data-testid="slip">(.*?)</article>', html, flags=re.S)
    assert [re.search(r'data-testid="slip-name">([^<]+)<', s).group(1) for s in slips] == [
        "Budi Santoso",
        "Siti Aminah",
    ]
    assert slips[1].count('data-testid="slip-qr"><svg') == 2
    for aspiration in (water, coir):
        assert aspiration.tracking_code in slips[1]
        assert f"https://csr.example.org/aspirations/track/{aspiration.tracking_code}/" in slips[1]
    assert siti.email not in html and siti.phone not in html


def test_the_slip_page_reads_a_fixed_number_of_queries(client_for, officer, django_assert_max_num_queries):
    session = _held_session()
    for n in range(3):
        _say(session, StakeholderFactory(), f"Aspirasi {n}")
    client = client_for(officer)
    client.get(reverse("fgd:slips", args=[session.pk]))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("fgd:slips", args=[session.pk]))
    for n in range(12):
        _say(session, StakeholderFactory(), f"Aspirasi lagi {n}")
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("fgd:slips", args=[session.pk]))
