"""Erasing a stakeholder (UU PDP art. 8) also erases what the FGD records hold about them."""

import pytest
from django.urls import reverse

from fgd.models import Aspiration, Invitation
from fgd.tests.factories import AspirationFactory
from fgd.tests.session_factories import InvitationFactory
from stakeholders import services as stakeholder_services
from stakeholders.tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

CONTACT = ("submitter_name", "submitter_organization", "submitter_phone", "submitter_email")


def _submitted_by(person, **fields) -> Aspiration:
    return AspirationFactory(public=True, stakeholder=person, submitter_organization="Kelompok Tani Makmur", **fields)


@pytest.fixture
def person():
    return StakeholderFactory(name="Rina Wati")


def _erase(client_for, manager, person):
    response = client_for(manager).post(reverse("stakeholders:erase", args=[person.pk]), {"confirm_name": "Rina Wati"})
    assert response.status_code == 302


def test_the_contact_details_on_their_aspirations_are_blanked_and_the_aspirations_stay(person, manager, client_for):
    first = _submitted_by(person, submitter_name="Rina Wati", title="Sumur bor RT 04")
    second = _submitted_by(person, submitter_name="Rina W.")

    _erase(client_for, manager, person)

    rows = Aspiration.objects.filter(pk__in=[first.pk, second.pk]).values(
        *CONTACT, "consent_given_at", "consent_notice_version", "title", "stakeholder", "status"
    )
    assert len(rows) == 2
    for row in rows:
        assert [row[field] for field in CONTACT] == ["", "", "", ""]
        assert row["consent_given_at"] is None and row["consent_notice_version"] == ""
        # The aspiration itself is not personal data: it stays, still counted for the person's organisation.
        assert row["stakeholder"] == person.pk and row["status"] == Aspiration.Status.RECEIVED
    assert Aspiration.objects.get(pk=first.pk).title == "Sumur bor RT 04"


def test_who_represented_them_at_an_fgd_is_cleared_and_the_attendance_stays(person, manager, client_for):
    invitation = InvitationFactory(
        stakeholder=person, attendance=Invitation.Attendance.REPRESENTED, represented_by="Budi (suami)"
    )

    _erase(client_for, manager, person)

    assert Invitation.objects.filter(pk=invitation.pk).values_list("represented_by", "attendance").get() == (
        "",
        Invitation.Attendance.REPRESENTED,
    )


def test_other_peoples_records_are_untouched(person, manager, client_for):
    other = StakeholderFactory(name="Siti Aminah")
    theirs = _submitted_by(other, submitter_name="Siti Aminah", submitter_phone="081200000002")
    anonymous = AspirationFactory(public=True, submitter_name="Rina Wati")  # not linked: no one can tell it is hers
    invitation = InvitationFactory(stakeholder=other, represented_by="Ani")

    _erase(client_for, manager, person)

    theirs.refresh_from_db()
    anonymous.refresh_from_db()
    invitation.refresh_from_db()
    assert (theirs.submitter_name, theirs.submitter_phone) == ("Siti Aminah", "081200000002")
    assert theirs.consent_given_at is not None
    assert anonymous.submitter_name == "Rina Wati"
    assert invitation.represented_by == "Ani"


def test_the_erasure_is_all_or_nothing(person, manager, monkeypatch):
    aspiration = _submitted_by(person, submitter_name="Rina Wati")
    invitation = InvitationFactory(stakeholder=person, represented_by="Budi")

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(stakeholder_services, "stakeholder_save", fail)
    with pytest.raises(RuntimeError):
        stakeholder_services.stakeholder_erase(stakeholder=person, by=manager)

    aspiration.refresh_from_db()
    invitation.refresh_from_db()
    assert aspiration.submitter_name == "Rina Wati" and invitation.represented_by == "Budi"
    person.refresh_from_db()
    assert person.name == "Rina Wati" and person.erased_at is None


def test_the_outbox_keeps_nothing_of_them_and_never_sends_their_unsent_messages(person, manager, client_for):
    """Issue 16 finding 8 with the notifications app: messages to the person or about their aspirations."""
    from notifications.models import Message

    aspiration = _submitted_by(person, submitter_name="Rina W.", submitter_email="rina@example.com")
    common = {"channel": "email", "language": "id", "template": "fgd/notices/receipt"}
    sent = Message.objects.create(
        **common,
        recipient="Rina@Example.com",
        subject=f"Aspirasi {aspiration.tracking_code} diterima",
        body="Halo Rina W., aspirasi Anda diterima. Balas ke rina@example.com.",
        context={"name": "Rina W.", "code": aspiration.tracking_code},
        topic=f"aspiration:{aspiration.pk}",
        idempotency_key="k1",
        status=Message.Status.SENT,
    )
    queued = Message.objects.create(
        **common,
        recipient="other@example.com",
        body="Halo Rina Wati",
        topic=f"aspiration:{aspiration.pk}",
        idempotency_key="k2",
    )
    theirs = Message.objects.create(**common, recipient="siti@example.com", body="Halo Siti", idempotency_key="k3")

    _erase(client_for, manager, person)

    sent.refresh_from_db()
    queued.refresh_from_db()
    theirs.refresh_from_db()
    for message in (sent, queued):
        text = " ".join([message.recipient, message.subject, message.body, str(message.context)]).lower()
        assert "rina" not in text, text
    assert sent.status == Message.Status.SENT and sent.context["code"] == aspiration.tracking_code
    assert queued.status == Message.Status.SUPPRESSED
    assert (theirs.recipient, theirs.body, theirs.status) == ("siti@example.com", "Halo Siti", Message.Status.QUEUED)


def test_their_invitation_answer_and_its_unsent_messages_go_with_them(person, manager, client_for, settings):
    import datetime as dt

    from django.utils import timezone

    from fgd.services import sessions as session_services
    from notifications.models import Message

    settings.SITE_URL = "https://csr.example.org"
    invitation = InvitationFactory(stakeholder=person, session__starts_at=timezone.now() + dt.timedelta(days=3))
    session_services.session_invitations_send(session=invitation.session)
    session_services.invitation_rsvp(invitation=invitation, answer="delegated", delegate_name="Budi (suami)")

    _erase(client_for, manager, person)

    invitation.refresh_from_db()
    assert invitation.delegate_name == ""
    message = Message.objects.get()
    assert message.status == Message.Status.SUPPRESSED
    assert "rina" not in f"{message.recipient} {message.body} {message.context}".lower()
