"""Issue 11 item 14, in a browser: a manager builds Renstra 2026–2030 with a goal, an indicator and
its yearly targets, then corrects a target; an officer reads it, in English, without edit links."""

import os

import pytest

from core.access import Role
from programs.models import GoalIndicator, StrategicPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SHOTS_DIR")
YEARS = range(2026, 2031)


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_a_manager_builds_the_renstra_and_an_officer_reads_it(make_user, login_page, live_server, browser):
    page = login_page(make_user(Role.MANAGER, username="sari"))
    page.goto(f"{live_server.url}/plans/renstra/")
    page.get_by_role("link", name="Rencana strategis baru").click()
    page.fill("#id_name", "Renstra TJSL 2026–2030")
    page.fill("#id_start_year", "2026")
    page.fill("#id_end_year", "2030")
    page.fill("#id_vision", "Mitra pembangunan berkelanjutan")
    shot(page, "renstra-form-desktop")
    page.get_by_role("button", name="Simpan").click()
    renstra = StrategicPlan.objects.get(name="Renstra TJSL 2026–2030")
    page.wait_for_url(f"**{renstra.get_absolute_url()}")

    page.get_by_role("link", name="Tambah tujuan strategis").click()
    page.fill("#id_code", "TS1")
    page.fill("#id_title", "Kemandirian ekonomi masyarakat pesisir")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**{renstra.get_absolute_url()}")

    page.get_by_test_id("goal-actions").get_by_role("link", name="Tambah indikator").click()
    page.fill("#id_name", "Kelompok binaan mandiri")
    page.fill("#id_unit", "kelompok")
    page.fill("#id_baseline", "2")
    for year in YEARS[:-1]:
        page.fill(f"#id_target_{year}", str(year - 2022))
    page.get_by_role("button", name="Simpan").click()  # 2030 left empty: refused, what was typed stays
    assert page.locator("#id_target_2030_error").is_visible()
    assert page.input_value("#id_target_2029") == "7" and page.input_value("#id_name") == "Kelompok binaan mandiri"
    shot(page, "renstra-indicator-error-desktop")
    page.fill("#id_target_2030", "1.200")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**{renstra.get_absolute_url()}")
    table = page.get_by_test_id("goal-indicators")
    assert "1.200" in table.inner_text() and "Kelompok binaan mandiri" in table.inner_text()

    # A target corrected later.
    table.get_by_role("link", name="Ubah").click()
    assert page.input_value("#id_target_2027") == "5"
    page.fill("#id_target_2027", "6")
    shot(page, "renstra-indicator-edit-desktop")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**{renstra.get_absolute_url()}")
    shot(page, "renstra-detail-manager-desktop")
    indicator = GoalIndicator.objects.get()
    assert indicator.yearly_targets == {"2026": "4", "2027": "6", "2028": "6", "2029": "7", "2030": "1200"}

    # The officer reads it, in English, on a phone without JavaScript: no edit, no delete.
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    officer = context.new_page()
    officer.goto(f"{live_server.url}/accounts/login/")
    officer.fill("input[name=username]", make_user(Role.OFFICER, username="rina").username)
    officer.fill("input[name=password]", "test-password-123")
    with officer.expect_navigation():
        officer.click("main form button[type=submit]")
    officer.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    officer.goto(f"{live_server.url}{renstra.get_absolute_url()}")
    text = officer.locator("main").inner_text()
    assert "Strategic goals" in text and "Baseline" in text and "1,200" in text
    assert (
        officer.get_by_test_id("renstra-actions").count() == 0 and officer.get_by_test_id("goal-actions").count() == 0
    )
    assert officer.evaluate("document.documentElement.scrollWidth") <= 390
    shot(officer, "renstra-detail-officer-en-phone-nojs")
    context.close()


def test_the_renstra_edit_pages_fit_a_phone_without_javascript(make_user, live_server, browser):
    from .factories import GoalIndicatorFactory, StrategicGoalFactory, StrategicPlanFactory

    renstra = StrategicPlanFactory(start_year=2026, end_year=2030)
    goal = StrategicGoalFactory(strategic_plan=renstra)
    indicator = GoalIndicatorFactory(goal=goal, yearly_targets={str(y): "1" for y in YEARS})
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", make_user(Role.MANAGER, username="sari").username)
    page.fill("input[name=password]", "test-password-123")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    for name, path in [
        ("renstra-detail-manager-phone-nojs", renstra.get_absolute_url()),
        ("renstra-form-phone-nojs", f"/plans/renstra/{renstra.pk}/edit/"),
        ("renstra-goal-form-phone-nojs", f"/plans/renstra/{renstra.pk}/goals/{goal.pk}/edit/"),
        ("renstra-indicator-form-phone-nojs", f"/plans/goals/{goal.pk}/indicators/{indicator.pk}/edit/"),
        ("renstra-goal-delete-phone-nojs", f"/plans/renstra/{renstra.pk}/goals/{goal.pk}/delete/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        shot(page, name)
    context.close()
