"""A phone with JavaScript off (issue 11, item 19): navigation, language switch and staff login reachable;
the plan page fits a 390 px screen."""

import pytest

from conftest import DEMO_PASSWORD
from core.access import Role
from reports.tests.factories import plan_with_programs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _overflow(page) -> int:
    """How far the page is wider than the screen (JavaScript off for the page, not for Playwright)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_public_and_staff_pages_work_on_a_phone_without_javascript(no_js_phone, live_server, make_user):
    page, base = no_js_phone, live_server.url
    officer = make_user(Role.OFFICER, first_name="Sari", last_name="Wulandari")
    plan = plan_with_programs(programs=4, activities=3, aspirations=3)

    page.goto(base + "/aspirations/submit/")
    switch = page.get_by_test_id("language-switch")
    assert switch.get_by_role("button", name="EN").is_visible()
    with page.expect_navigation():
        switch.get_by_role("button", name="EN").click()
    assert page.locator("html").get_attribute("lang") == "en"
    login = page.get_by_role("link", name="Staff login")
    assert login.is_visible()
    with page.expect_navigation():
        login.click()

    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    nav = page.get_by_test_id("main-nav")
    assert nav.get_by_role("link", name="Plans").is_visible()
    with page.expect_navigation():
        nav.get_by_role("link", name="Plans").click()

    page.goto(f"{base}{plan.get_absolute_url()}")
    assert page.locator("h1").first.is_visible()
    assert _overflow(page) <= 0, f"the plan page is {_overflow(page)} px wider than a 390 px phone"
    page.screenshot(path="var/screenshots/phone-no-js-plan.png", full_page=True)
