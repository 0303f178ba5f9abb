"""Journey (3): an officer merges a public duplicate into an FGD aspiration and accepts it."""

import os

import pytest
from django.utils import timezone

from core.access import Role
from fgd.models import Aspiration, FgdSession
from fgd.services.aspirations import aspiration_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def scenario(db):
    session = FgdSession.objects.create(
        title="FGD Renstra TJSL 2025", starts_at=timezone.now(), venue="Banua Patra", public_code="BP2025"
    )
    main = aspiration_create(
        title="Pelatihan pemasaran sabut kelapa Koperasi KIM",
        description="Disampaikan Ketua Koperasi KIM dalam FGD.",
        source="fgd",
        session=session,
    )
    duplicate = aspiration_create(
        title="Bantuan pemasaran sabut kelapa",
        description="Produk sabut kelapa kami susah dijual.",
        source="public_form",
        submitter_name="Siti Aminah",
        submitter_phone="081254410021",
        consent_given_at=timezone.now(),
        consent_notice_version="2025-01",
    )
    aspiration_create(title="Beasiswa anak nelayan", description="-", source="public_form")
    return main, duplicate


def test_an_officer_merges_a_public_duplicate_and_accepts_the_fgd_aspiration(
    scenario, make_user, login_page, live_server, browser
):
    main, duplicate = scenario
    page = login_page(make_user(Role.OFFICER, username="rina"))
    page.goto(f"{live_server.url}/aspirations/?source=public_form")
    shot(page, "triage-list-desktop")
    page.get_by_role("link", name="Bantuan pemasaran sabut kelapa").click()

    # The FGD aspiration is suggested as similar; the officer merges the public one into it.
    assert "081254410021" in page.get_by_test_id("contact-card").inner_text()
    page.get_by_test_id(f"merge-into-{main.tracking_code}").click()
    assert main.title in page.get_by_test_id("merge-confirm-page").inner_text()  # asked first
    page.get_by_test_id("confirm-button").click()
    page.wait_for_url(f"**/aspirations/{main.pk}/")
    assert "2 pendukung" in page.get_by_test_id("supporters-card").inner_text()

    form = page.get_by_test_id("transition-form")
    form.get_by_label("Status baru").select_option(label="Diterima")
    form.get_by_label("Catatan publik").fill("Masuk Rencana Kerja TJSL 2025.")
    form.get_by_label("Catatan internal").fill("Gabung dengan program UMKM.")
    form.get_by_role("button", name="Ubah status").click()
    assert page.get_by_test_id("status").inner_text() == "Diterima"
    shot(page, "aspiration-detail-desktop")

    main.refresh_from_db()
    duplicate.refresh_from_db()
    assert (main.status, duplicate.status, duplicate.merged_into_id) == ("accepted", "merged", main.pk)

    # The person who sent the duplicate follows the FGD aspiration with their own code, and sees no one's data.
    public = browser.new_context(viewport={"width": 390, "height": 844})
    visitor = public.new_page()
    visitor.goto(f"{live_server.url}/aspirations/track/{duplicate.tracking_code}/")
    assert main.tracking_code in visitor.get_by_test_id("merged-notice").inner_text()
    assert visitor.get_by_test_id("public-status").first.inner_text() == "Diterima"
    assert "Masuk Rencana Kerja TJSL 2025." in visitor.content()
    assert "Siti" not in visitor.content() and "Gabung dengan program UMKM" not in visitor.content()
    shot(visitor, "track-merged-phone")
    public.close()


def test_the_triage_pages_fit_a_phone(scenario, make_user, live_server, phone_page):
    main, _duplicate = scenario
    user = make_user(Role.OFFICER, username="rina")
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "test-password-123")
    page.click("main form button[type=submit]")
    page.goto(f"{live_server.url}/aspirations/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "triage-list-phone")
    page.goto(f"{live_server.url}/aspirations/{main.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "aspiration-detail-phone")
    # Recording a new one: similar aspirations appear under the title while typing (htmx).
    page.goto(f"{live_server.url}/aspirations/new/")
    page.get_by_label("Judul").press_sequentially("pemasaran sabut kelapa")
    assert main.tracking_code in page.get_by_test_id("similar-list").inner_text()
    assert Aspiration.objects.count() == 3
