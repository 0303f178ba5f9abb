"""Issue 11 item 13, in a browser: an officer merges from the aspiration page, is asked first,
confirms, then undoes the merge from the target's page; the public tracking page in both states."""

import os

import pytest

from core.access import Role
from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def _state(aspiration: Aspiration) -> tuple:
    aspiration.refresh_from_db()
    return aspiration.status, aspiration.merged_into_id


def _login(context, live_server, user) -> object:
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "test-password-123")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    return page


def test_an_officer_merges_after_confirming_and_undoes_it(make_user, login_page, live_server, browser):
    main = aspiration_create(title="Penyediaan air bersih Kelurahan Margasari", description="-", source="fgd")
    duplicate = aspiration_create(title="Air bersih untuk RT 3 Margasari", description="-", source="public_form")
    page = login_page(make_user(Role.OFFICER, username="rina"))

    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    form = page.get_by_test_id("merge-form")
    form.get_by_label("Kode pelacakan aspirasi utama").fill(main.tracking_code.lower())
    form.get_by_role("button", name="Gabungkan").click()
    confirm = page.get_by_test_id("merge-confirm-page")
    for named in (duplicate.tracking_code, duplicate.title, main.tracking_code, main.title):
        assert named in confirm.inner_text()
    assert main.tracking_code in page.get_by_test_id("merge-public-note").inner_text()
    assert _state(duplicate) == ("received", None)  # nothing happens before the confirmation
    shot(page, "merge-confirm-desktop")
    page.get_by_test_id("confirm-button").click()
    page.wait_for_url(f"**{main.get_absolute_url()}")
    assert "2 pendukung" in page.get_by_test_id("supporters-card").inner_text()
    assert _state(duplicate) == ("merged", main.pk)
    shot(page, "merge-target-with-undo-desktop")

    public = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    visitor = public.new_page()
    visitor.goto(f"{live_server.url}/aspirations/track/{duplicate.tracking_code}/")
    assert main.tracking_code in visitor.get_by_test_id("merged-notice").inner_text()
    shot(visitor, "track-merged-phone-nojs")

    # Undone from the target's page, after a confirmation naming what is restored.
    page.get_by_test_id(f"undo-merge-{duplicate.tracking_code}").click()
    assert "“Baru masuk”" in page.get_by_test_id("undo-consequences").inner_text()  # the status it gets back
    shot(page, "merge-undo-confirm-desktop")
    page.get_by_test_id("confirm-button").click()
    page.wait_for_url(f"**{duplicate.get_absolute_url()}")
    assert _state(duplicate) == ("received", None)
    assert page.get_by_test_id("merged-into").count() == 0
    assert "Tidak lagi digabungkan" in page.get_by_test_id("status-history").inner_text()
    shot(page, "merge-undone-detail-desktop")

    visitor.goto(f"{live_server.url}/aspirations/track/{duplicate.tracking_code}/")
    assert visitor.get_by_test_id("merged-notice").count() == 0
    assert f"Tidak lagi digabungkan dengan {main.tracking_code}" in visitor.content()
    shot(visitor, "track-undone-phone-nojs")
    public.close()


def test_the_merge_and_undo_confirmations_work_on_a_phone_without_javascript(make_user, live_server, browser):
    main = aspiration_create(title="Bank sampah Kelurahan Karang Joang", description="-", source="fgd")
    duplicate = aspiration_create(title="Bank sampah di Karang Joang", description="-", source="public_form")
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = _login(context, live_server, make_user(Role.OFFICER, username="budi"))
    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    page.get_by_test_id("merge-form").get_by_label("Kode pelacakan aspirasi utama").fill(main.tracking_code)
    page.get_by_test_id("merge-form").get_by_role("button", name="Gabungkan").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "merge-confirm-phone-nojs")
    page.get_by_test_id("confirm-button").click()
    assert _state(duplicate) == ("merged", main.pk)
    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    page.get_by_test_id(f"undo-merge-{duplicate.tracking_code}").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "merge-undo-confirm-phone-nojs")
    page.get_by_test_id("confirm-button").click()
    assert _state(duplicate) == ("received", None)
    context.close()
