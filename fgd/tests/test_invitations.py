"""FGD invitations through the outbox: sent once to each invitee with contact data and consent, answered
through a signed RSVP link (no login) that expires after the FGD's day, and a reminder the day before.

The invitation e-mail with its letter PDF is read back from a real SMTP server in
reports/tests/test_invitation_letter.py (the letter is rendered by reports, a floor above).
"""

import datetime as dt
import json
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.page_cache import bump_staff_version
from fgd.models import FgdSession, Invitation
from fgd.services import notices
from fgd.services import sessions as services
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory
from notifications.models import Message
from notifications.services import message_send
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = "https://csr.example.org"
    settings.TEXT_GATEWAY = "notifications.channels.ConsoleTextGateway"
    settings.TEXT_GATEWAY_FILE = str(tmp_path / "texts.jsonl")


def _upcoming(days: int = 5, **fields) -> FgdSession:
    starts = timezone.localtime() + dt.timedelta(days=days)
    return FgdSessionFactory(starts_at=starts.replace(hour=9, minute=0, second=0, microsecond=0), **fields)


def _texts(settings) -> list[dict]:
    with open(settings.TEXT_GATEWAY_FILE, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _deliver() -> None:
    for pk in Message.objects.filter(status=Message.Status.QUEUED).order_by("pk").values_list("pk", flat=True):
        message_send(message_id=pk)


def _rsvp_link(text: str) -> str:
    return re.search(r"https://csr\.example\.org(/fgd/rsvp/\S+/)", text).group(1)


def test_invitations_go_once_to_each_invitee_with_contact_and_consent(settings):
    session = _upcoming()
    by_mail = InvitationFactory(session=session)
    InvitationFactory(session=session, stakeholder=StakeholderFactory(email="", phone="+6281250010001"))
    no_consent = InvitationFactory(session=session, stakeholder=StakeholderFactory(consent_date=None))
    walk_in = InvitationFactory(session=session, is_walk_in=True)

    result = services.session_invitations_send(session=session)
    again = services.session_invitations_send(session=session)

    assert (result.sent, result.unreachable) == (2, 1)
    assert (again.sent, again.unreachable) == (0, 1)
    channels = dict(Message.objects.values_list("recipient", "channel"))
    assert channels == {by_mail.stakeholder.email: "email", "+6281250010001": "sms"}
    email = Message.objects.get(channel="email")
    assert email.attachments == [{"kind": "fgd_invitation_letter", "invitation": by_mail.pk}]
    assert Message.objects.get(channel="sms").attachments == []
    for invitation in (no_consent, walk_in):
        invitation.refresh_from_db()
        assert invitation.invited_at is None
    _deliver()
    (text,) = _texts(settings)
    assert text["to"] == "+6281250010001" and session.title in text["body"]
    assert "/fgd/rsvp/" in text["body"]


def test_invitations_are_refused_once_the_fgd_has_begun():
    session = FgdSessionFactory()  # a week ago
    InvitationFactory(session=session)
    with pytest.raises(services.SessionError):
        services.session_invitations_send(session=session)
    assert not Message.objects.exists()


def test_the_rsvp_link_records_each_answer_and_names_only_the_first_name(client):
    session = _upcoming()
    invitation = InvitationFactory(
        session=session, stakeholder=StakeholderFactory(name="Siti Aminah Rahmawati", phone="+6281299990000")
    )
    url = reverse("fgd:rsvp", args=[notices.rsvp_token(invitation)])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Siti" in html and "Aminah" not in html and "Rahmawati" not in html
    assert invitation.stakeholder.email not in html and "6281299990000" not in html
    assert page["X-Robots-Tag"] == "noindex"

    missing_name = client.post(url, {"answer": "delegated", "delegate_name": " "})
    assert missing_name.status_code == 400
    answered = client.post(url, {"answer": "delegated", "delegate_name": "Budi Santoso"})
    assert answered.status_code == 302 and answered["Location"].endswith("?done=1")
    invitation.refresh_from_db()
    assert (invitation.response, invitation.delegate_name) == ("delegated", "Budi Santoso")
    assert invitation.responded_at is not None
    assert "Budi Santoso" in client.get(answered["Location"]).content.decode()

    client.post(url, {"answer": "declined", "delegate_name": "ignored"})
    invitation.refresh_from_db()
    assert (invitation.response, invitation.delegate_name) == ("declined", "")


def test_tampered_guessed_and_foreign_links_find_nothing(client):
    session = _upcoming()
    invitation = InvitationFactory(session=session)
    other = InvitationFactory(session=session)
    token = notices.rsvp_token(invitation)
    forged = signing.dumps([other.pk, invitation.stakeholder_id], salt="not-the-rsvp-salt")
    mismatched = signing.dumps([other.pk, invitation.stakeholder_id], salt=notices.RSVP_SALT)
    walk_in = InvitationFactory(session=session, is_walk_in=True)
    for bad in (token[:-2] + "xx", "ABCDEF123456", forged, mismatched, notices.rsvp_token(walk_in)):
        response = client.post(reverse("fgd:rsvp", args=[bad]), {"answer": "accepted"})
        assert response.status_code == 404, bad
        assert "not valid" in response.content.decode() or "tidak sah" in response.content.decode()
    assert not Invitation.objects.exclude(response=Invitation.Response.PENDING).exists()


def test_links_expire_after_the_fgd_day(client):
    session = _upcoming(days=1)
    invitation = InvitationFactory(session=session)
    url = reverse("fgd:rsvp", args=[notices.rsvp_token(invitation)])
    assert client.get(url).status_code == 200
    # The day after the FGD the same link is gone: 410 with a page that says so, and no answer is taken.
    FgdSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    gone = client.post(url, {"answer": "accepted"})
    assert gone.status_code == 410
    assert 'data-testid="rsvp-expired"' in gone.content.decode()
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.PENDING


def test_the_reminder_goes_the_day_before_once_per_invitation(settings):
    tomorrow = _upcoming(days=1)
    later = _upcoming(days=3)
    coming = InvitationFactory(session=tomorrow)
    declined = InvitationFactory(session=tomorrow, response=Invitation.Response.DECLINED)
    never_sent = InvitationFactory(session=tomorrow, stakeholder=StakeholderFactory(consent_date=None))
    InvitationFactory(session=later)
    services.session_invitations_send(session=tomorrow)
    services.session_invitations_send(session=later)

    call_command("send_fgd_reminders")
    call_command("send_fgd_reminders")  # cron every hour: still one reminder each
    reminders = Message.objects.filter(idempotency_key__endswith=":reminder")
    assert list(reminders.values_list("idempotency_key", flat=True)) == [notices.invitation_key(coming.pk, "reminder")]
    assert declined.pk and never_sent.pk
    reminder = reminders.get()
    assert reminder.recipient == coming.stakeholder.email
    assert tomorrow.title in reminder.subject and "/fgd/rsvp/" in reminder.body


def test_the_beat_schedule_runs_the_reminders_and_the_message_sweep(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"fgd.tasks.send_fgd_reminders", "notifications.tasks.sweep_messages", "core.tasks.sweep_jobs"} <= tasks


def test_the_session_page_shows_each_invitations_message_and_answer(client_for, officer, django_assert_num_queries):
    session = _upcoming()
    sent = InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Rina Wulandari"))
    InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Tanpa Kontak", consent_date=None))
    services.session_invitations_send(session=session)
    services.invitation_rsvp(invitation=sent, answer="delegated", delegate_name="Budi Santoso")
    client = client_for(officer)
    client.get(session.get_absolute_url())  # warm the caches a first page fills
    with django_assert_num_queries(_page_queries(client, session)):
        page = client.get(session.get_absolute_url())
    html = page.content.decode()
    rows = re.findall(r'<tr data-testid="participant">(.*?)</tr>', html, flags=re.S)
    rina = next(r for r in rows if "Rina Wulandari" in r)
    other = next(r for r in rows if "Tanpa Kontak" in r)
    assert "Dalam antrean" in rina or "Queued" in rina
    assert "Budi Santoso" in rina
    assert "Belum dikirim" in other or "Not sent" in other


def _page_queries(client, session) -> int:
    """The page's query count with two invitations; the same with five more (constant per page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bump_staff_version()  # the page rendered, not its cached copy (core/page_cache.py)
    with CaptureQueriesContext(connection) as before:
        client.get(session.get_absolute_url())
    for _ in range(5):
        InvitationFactory(session=session)
    services.session_invitations_send(session=session)
    return len(before)


def test_the_representative_named_in_the_answer_is_offered_on_the_attendance_page(client_for, officer):
    session = _upcoming()
    invitation = InvitationFactory(session=session)
    services.invitation_rsvp(invitation=invitation, answer="delegated", delegate_name="Budi Santoso")
    FgdSession.objects.filter(pk=session.pk).update(status=FgdSession.Status.HELD)
    html = client_for(officer).get(reverse("fgd:attendance", args=[session.pk])).content.decode()
    assert re.search(r'name="form-0-represented_by"[^>]*value="Budi Santoso"', html) or re.search(
        r'value="Budi Santoso"[^>]*name="form-0-represented_by"', html
    )
