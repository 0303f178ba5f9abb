"""Journeys: an invitee answers on a phone with JavaScript off; an officer sends the invitations and
sees each one's message and answer on the session page, and prints the receipt slips.

Screenshots go to $SHOTS_DIR when it is set (people look at them; the tests do not compare pixels).
"""

import datetime as dt
import os

import pytest
from django.utils import timezone

from fgd.models import FgdSession, Invitation
from fgd.services import notices
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory, SessionAspirationFactory
from notifications.models import Message
from stakeholders.tests.factories import StakeholderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _upcoming(**fields) -> FgdSession:
    starts = (timezone.localtime() + dt.timedelta(days=6)).replace(hour=9, minute=0, second=0, microsecond=0)
    return FgdSessionFactory(
        title="FGD Rencana Kerja TJSL 2026", venue="Gedung Banua Patra", starts_at=starts, **fields
    )


@pytest.fixture
def phone_without_js(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_an_invitee_answers_on_a_phone_without_javascript(phone_without_js, live_server):
    page = phone_without_js
    invitation = InvitationFactory(
        session=_upcoming(), stakeholder=StakeholderFactory(name="Siti Aminah Rahmawati", phone="+6281299990000")
    )
    page.goto(f"{live_server.url}/fgd/rsvp/{notices.rsvp_token(invitation)}/")
    assert page.get_by_test_id("rsvp-session").inner_text() == "FGD Rencana Kerja TJSL 2026"
    body = page.locator("main").inner_text()
    assert "Siti" in body and "Aminah" not in body and "0812" not in body
    shot(page, "rsvp-phone-nojs")

    page.get_by_label("Diwakilkan oleh …").check()
    page.get_by_label("Nama orang yang hadir mewakili Anda").fill("Budi Santoso")
    page.get_by_role("button", name="Kirim jawaban").click()

    assert "Diwakilkan oleh Budi Santoso" in page.get_by_test_id("rsvp-answer").inner_text()
    shot(page, "rsvp-phone-nojs-done")
    invitation.refresh_from_db()
    assert (invitation.response, invitation.delegate_name) == (Invitation.Response.DELEGATED, "Budi Santoso")

    page.goto(f"{live_server.url}/fgd/rsvp/{notices.rsvp_token(invitation)[:-3]}abc/")
    assert "Tautan ini tidak sah" in page.locator("main").inner_text()

    # After the FGD's day the same link says so, on a page of its own (410).
    FgdSession.objects.filter(pk=invitation.session_id).update(starts_at=timezone.now() - dt.timedelta(days=2))
    response = page.goto(f"{live_server.url}/fgd/rsvp/{notices.rsvp_token(invitation)}/")
    assert response.status == 410
    assert "kedaluwarsa" in page.get_by_test_id("rsvp-expired").inner_text()
    shot(page, "rsvp-phone-nojs-expired")


def test_an_officer_sends_the_invitations_and_follows_them(login_page, officer, live_server, settings):
    settings.SITE_URL = live_server.url
    session = _upcoming()
    answered = InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Rina Wulandari"))
    InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Ahmad Fauzi", email="", phone="+62812555"))
    InvitationFactory(session=session, stakeholder=StakeholderFactory(name="Tanpa Kontak", consent_date=None))
    page = login_page(officer)
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    page.get_by_test_id("send-invitations").click()
    page.wait_for_url("**#participants")
    assert Message.objects.count() == 2

    # Rina answers through her link; the officer sees it beside the invitation's outbox status.
    phone = page.context.browser.new_context(java_script_enabled=False).new_page()
    phone.goto(f"{live_server.url}/fgd/rsvp/{notices.rsvp_token(answered)}/")
    phone.get_by_label("Bersedia hadir").check()
    phone.get_by_role("button", name="Kirim jawaban").click()
    phone.context.close()

    page.reload()
    row = page.get_by_test_id("participant").filter(has_text="Rina Wulandari")
    assert "Dalam antrean" in row.get_by_test_id("invitation-message").inner_text()
    assert "Bersedia hadir" in row.get_by_test_id("invitation-response").inner_text()
    assert "Belum dikirim" in page.get_by_test_id("participant").filter(has_text="Tanpa Kontak").inner_text()
    page.locator("#participants").screenshot(path=f"{SHOTS}/session-invitations.png") if SHOTS else None


def test_the_receipt_slips_print_on_a4(login_page, officer, live_server, settings):
    settings.SITE_URL = "https://csr.example.org"
    session = FgdSessionFactory(title="FGD Rencana Kerja TJSL 2026")
    people = [StakeholderFactory(name=name) for name in ("Siti Aminah", "Budi Santoso", "Rina Wulandari")]
    for n, person in enumerate(people * 2):
        SessionAspirationFactory(session=session, stakeholder=person, title=f"Aspirasi nomor {n + 1}")
    page = login_page(officer)
    page.goto(f"{live_server.url}/fgd/{session.pk}/slips/")
    assert page.get_by_test_id("slip").count() == 3
    assert page.get_by_test_id("slip-qr").count() == 6
    shot(page, "slips-desktop")
    if SHOTS:
        page.emulate_media(media="print")
        shot(page, "slips-print")
        page.pdf(path=f"{SHOTS}/slips-print.pdf", format="A4")
