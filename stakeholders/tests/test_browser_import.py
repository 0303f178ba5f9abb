"""The officer's journey: import the scenario's spreadsheet, find someone, see everyone on the map."""

from pathlib import Path

import pytest

from core.access import Role

from .spreadsheets import scenario_rows, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-stakeholders")


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_officer_imports_the_48_scenario_stakeholders_finds_one_and_sees_them_on_the_map(
    make_user, login_page, live_server
):
    page = login_page(make_user(Role.OFFICER, first_name="Rina", last_name="Kartikasari"))
    page.goto(f"{live_server.url}/stakeholders/import/")
    shot(page, "import-upload")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "pemangku-kepentingan.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": xlsx_bytes(scenario_rows()),
            }
        ],
    )
    page.click("[data-testid=import-form] button[type=submit]")
    clean = page.locator("[data-testid=import-clean]")
    assert "48" in clean.inner_text()
    shot(page, "import-preview")
    page.click("form[action$='/confirm/'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/stakeholders/")
    assert "48" in page.locator("[data-testid=result-count]").inner_text()
    shot(page, "list")

    page.fill("input[name=q]", "rusmiati")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    rows = page.locator("[data-testid=stakeholder-table] tbody tr")
    assert rows.count() == 1
    assert "Koperasi Kriya Inovasi Mandara (KIM)" in rows.first.inner_text()
    rows.first.locator("a").first.click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=stakeholder-name]").inner_text().startswith("Hj. Rusmiati Mandara")
    shot(page, "detail")

    page.goto(f"{live_server.url}/stakeholders/map/")
    dots = page.locator("[data-testid=stakeholder-map] a[data-stakeholder]")
    assert dots.count() == 48
    counts = page.locator("[data-testid=quadrant-counts] td[data-quadrant]").all_inner_texts()
    assert sum(int(c) for c in counts) == 48
    shot(page, "map")
    dots.first.click()
    page.wait_for_load_state()
    assert "/stakeholders/" in page.url and page.locator("[data-testid=stakeholder-name]").count() == 1


def test_the_register_fits_a_phone(make_user, phone_page, live_server):
    from demo.stakeholders import seed_demo_data

    seed_demo_data()
    viewer = make_user(Role.VIEWER)
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", viewer.username)
    page.fill("input[name=password]", "test-password-123")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/stakeholders/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "phone-list")
    assert "0812" not in page.content() and "+62812" not in page.content()
    page.goto(f"{live_server.url}/stakeholders/map/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "phone-map")


def test_officer_is_warned_of_a_duplicate_and_sees_every_bad_row(make_user, login_page, live_server):
    from demo.stakeholders import seed_demo_data

    seed_demo_data()
    page = login_page(make_user(Role.OFFICER))
    page.goto(f"{live_server.url}/stakeholders/new/")
    page.fill("input[name=name]", "Bu Rusmiati")
    page.select_option("select[name=region]", label="Balikpapan Barat › Margo Mulyo")
    page.fill("input[name=phone]", "0812-5001-0016")
    page.fill("input[name=consent_date]", "2025-01-06")
    page.fill("input[name=consent_channel]", "Telepon")
    page.click("[data-testid=stakeholder-form] button[type=submit]")
    warning = page.locator("[data-testid=duplicate-warning]")
    assert "Hj. Rusmiati Mandara" in warning.inner_text()
    assert page.input_value("input[name=name]") == "Bu Rusmiati"
    shot(page, "form-duplicate")
    page.check("input[name=confirm_duplicate]")
    page.click("[data-testid=stakeholder-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=stakeholder-name]").inner_text().startswith("Bu Rusmiati")

    bad = scenario_rows()[:3] + [["", "", "", "", "Atlantis", "12", "", 9, 3, "", "", "", "", "", ""]]
    page.goto(f"{live_server.url}/stakeholders/import/")
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "salah.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_bytes(bad)}],
    )
    page.click("[data-testid=import-form] button[type=submit]")
    errors = page.locator("[data-testid=import-errors] tbody tr")
    assert errors.count() == 1  # the three scenario rows match people already there: updates, not errors
    text = errors.first.inner_text()
    assert all(n in text for n in ("Atlantis", "12", "9"))
    assert "4" in page.locator("[data-testid=import-errors-summary]").inner_text()
    assert page.locator("form[action$='/confirm/']").count() == 0
    shot(page, "import-errors")
