"""The FGD invitation as the invitee receives it: an e-mail read back from a real SMTP server, in their
language, with the RSVP link and the invitation letter (surat undangan) PDF that reports renders when
the outbox sends it (the `message_attachments` hook), read back with pypdf."""

import datetime as dt
import io
import re
import subprocess
import time

import pytest
from django.utils import timezone
from pypdf import PdfReader

from fgd.services import sessions as services
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory
from notifications.models import Message
from notifications.services import message_send
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://csr.example.org"
    settings.COMPANY_NAME = "PT Kilang Contoh Balikpapan"
    settings.INVITATION_SIGNATORY = "Dewi Lestari"


def _session():
    starts = (timezone.localtime() + dt.timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0)
    return FgdSessionFactory(
        title="FGD Rencana Kerja TJSL 2026",
        starts_at=starts,
        venue="Gedung Banua Patra",
        agenda="1. Pembukaan\n2. Paparan program TJSL\n3. Diskusi aspirasi",
    )


def _send_all(smtp_server):
    for pk in Message.objects.filter(status=Message.Status.QUEUED).order_by("pk").values_list("pk", flat=True):
        assert message_send(message_id=pk) == Message.Status.SENT, Message.objects.get(pk=pk).last_error
    return smtp_server.messages


def _pdf(message) -> tuple[str, bytes, str]:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    content = part.get_content()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return part.get_filename(), content, " ".join(text.split())


def test_the_invitation_arrives_with_its_letter_and_rsvp_link_in_each_language(smtp_server, tmp_path):
    session = _session()
    indonesian = InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Siti Aminah", language="id"))
    english = InvitationFactory(session=session, stakeholder=StakeholderFactory(name="John Carter", language="en"))
    services.session_invitations_send(session=session)

    received = {m["To"]: m for m in _send_all(smtp_server)}
    assert len(received) == 2
    id_mail, en_mail = received[indonesian.stakeholder.email], received[english.stakeholder.email]

    assert id_mail["Subject"] == "Undangan FGD: FGD Rencana Kerja TJSL 2026"
    assert en_mail["Subject"] == "FGD invitation: FGD Rencana Kerja TJSL 2026"
    assert id_mail["Message-ID"] != en_mail["Message-ID"]
    id_body = id_mail.get_body(("plain",)).get_content()
    en_body = en_mail.get_body(("plain",)).get_content()
    assert "Yth. Siti Aminah" in id_body and "Surat undangan terlampir." in id_body
    assert "Dear John Carter" in en_body and "The invitation letter is attached." in en_body
    for body in (id_body, en_body):
        assert re.search(r"https://csr\.example\.org/fgd/rsvp/[^/\s]+/", body)
        assert "Gedung Banua Patra" in body

    name, content, text = _pdf(id_mail)
    assert name == f"undangan-fgd-{session.public_code}.pdf"
    day = timezone.localtime(session.starts_at)
    assert "PT KILANG CONTOH BALIKPAPAN" in text  # the letterhead writes it in capitals
    for expected in (
        "Undangan Focus Group Discussion",
        "FGD Rencana Kerja TJSL 2026",
        "Gedung Banua Patra",
        f"{day.day} ",
        "Paparan program TJSL",
        "Siti Aminah",
        "Dewi Lestari",
        "/UND-TJSL/",
    ):
        assert expected in text, expected
    _en_name, _content, en_text = _pdf(en_mail)
    assert "Invitation to a Focus Group Discussion" in en_text and "John Carter" in en_text
    # For people to look at (the report's screenshots); pdftoppm is part of poppler, as pdftotext.
    (tmp_path / "letter.pdf").write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(tmp_path / "letter.pdf"), "/tmp/shots-invite/letter"],
        check=False,
    )


def test_a_letter_that_cannot_be_rendered_fails_the_message_with_the_reason(smtp_server):
    session = _session()
    invitation = InvitationFactory(session=session)
    services.session_invitations_send(session=session)
    Message.objects.update(attachments=[{"kind": "fgd_invitation_letter", "invitation": invitation.pk + 999}])
    message = Message.objects.get()
    assert message_send(message_id=message.pk) == Message.Status.FAILED
    message.refresh_from_db()
    assert "fgd_invitation_letter" in message.last_error
    assert smtp_server.messages == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_letter_and_sends_the_invitation_after_the_commit(celery_worker, smtp_server):
    session = _session()
    InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Siti Aminah"))
    services.session_invitations_send(session=session)  # commits: the task goes to the broker

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and Message.objects.filter(status=Message.Status.SENT).count() < 1:
        time.sleep(0.2)
    (message,) = smtp_server.messages
    _name, _content, text = _pdf(message)
    assert "Siti Aminah" in text and "Gedung Banua Patra" in text
