"""Journey (1): a person on a phone sends an aspiration, gets a tracking code and sees its status."""

import os
import re

import pytest

from fgd.models import Aspiration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_person_on_a_phone_sends_an_aspiration_and_follows_it(phone_page, live_server, settings):
    settings.PUBLIC_FORM_MIN_SECONDS = 1
    page = phone_page
    page.goto(f"{live_server.url}/aspirations/submit/")
    shot(page, "public-submit-phone")
    assert page.locator("main form").count() == 1
    page.get_by_label("Apa yang Anda usulkan?").fill("Bank sampah untuk RT 05 Prapatan")
    page.get_by_label("Jelaskan aspirasi Anda").fill(
        "Sampah plastik menumpuk di parit. Kami ingin bank sampah dan pelatihan pengelolaannya."
    )
    page.get_by_label("Kategori").select_option(label="Lingkungan")
    page.get_by_label("Siapa yang akan mendapat manfaat?").fill("rumah tangga")
    page.get_by_label("Telepon atau WhatsApp").fill("0812 5555 1234")
    page.get_by_role("button", name="Kirim aspirasi").click()
    # Contact without consent: the form comes back with everything kept and the error tied to the box.
    consent = page.get_by_label(re.compile("Saya setuju perusahaan menyimpan"))
    assert consent.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Apa yang Anda usulkan?").input_value() == "Bank sampah untuk RT 05 Prapatan"
    assert page.get_by_label("Telepon atau WhatsApp").input_value() == "0812 5555 1234"
    shot(page, "public-submit-error-phone")
    consent.check()
    page.get_by_role("button", name="Kirim aspirasi").click()

    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"ASP-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    shot(page, "public-thanks-phone")
    aspiration = Aspiration.objects.get(tracking_code=code)
    assert aspiration.status == "received" and aspiration.consent_given_at is not None

    page.get_by_test_id("track-link").click()
    assert page.get_by_test_id("public-status").inner_text() == "Baru masuk"
    assert "0812" not in page.content()
    shot(page, "public-track-phone")

    # Later, from the track page, typing the code in lower case with spaces.
    page.goto(f"{live_server.url}/aspirations/track/")
    page.get_by_label("Kode pelacakan Anda").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Tampilkan status").click()
    assert page.get_by_test_id("tracking-code").inner_text() == code


def test_the_form_is_usable_by_keyboard_and_the_honeypot_is_out_of_reach(page, live_server):
    page.goto(f"{live_server.url}/aspirations/submit/?session=NOPE")
    shot(page, "public-submit-desktop")
    honeypot = page.locator("input[name=website]")
    box = honeypot.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # off-screen, yet present for bots
    page.get_by_label("Apa yang Anda usulkan?").focus()
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()"))
        if "Kirim aspirasi" in reached[-1]:
            break
    assert "website" not in reached
    assert "Kirim aspirasi" in reached[-1]
    assert {"description", "category", "region", "submitter_phone", "consent"} <= set(reached)


def test_a_whole_room_sends_through_the_qr_short_link_from_one_address(page, live_server, settings):
    """48 participants on the venue's Wi-Fi (one address) are all stored; untagged posts keep the address's limit."""
    from django.utils import timezone

    from fgd.models import FgdSession

    settings.PUBLIC_FORM_MIN_SECONDS = 0
    settings.PUBLIC_FORM_RATE_LIMIT = 5
    session = FgdSession.objects.create(
        title="FGD Banua Patra", starts_at=timezone.now(), venue="Banua Patra", public_code="BP48QR"
    )
    for i in range(48):
        page.goto(f"{live_server.url}/fgd/s/bp48qr/")
        assert page.get_by_test_id("session-tag").is_visible()
        page.get_by_label("Apa yang Anda usulkan?").fill(f"Aspirasi peserta {i + 1} di Banua Patra")
        page.get_by_label("Jelaskan aspirasi Anda").fill("Usulan yang disampaikan lewat kode QR di ruangan.")
        page.get_by_role("button", name="Kirim aspirasi").click()
        assert page.get_by_test_id("tracking-code").is_visible(), f"submission {i + 1} was refused"
    assert Aspiration.objects.filter(session=session).count() == 48

    # The same address without the session's code: five an hour, the sixth is refused.
    for i in range(6):
        page.goto(f"{live_server.url}/aspirations/submit/")
        page.get_by_label("Apa yang Anda usulkan?").fill(f"Aspirasi tanpa sesi {i + 1}")
        page.get_by_label("Jelaskan aspirasi Anda").fill("Usulan dari rumah, tanpa kode QR.")
        page.get_by_role("button", name="Kirim aspirasi").click()
        if i < 5:
            assert page.get_by_test_id("tracking-code").is_visible()
    assert page.get_by_test_id("rejection").is_visible()
    shot(page, "public-untagged-sixth-refused")
    assert Aspiration.objects.filter(session__isnull=True).count() == 5
