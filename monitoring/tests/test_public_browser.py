"""A resident on a phone without JavaScript: from the landing page to the approved plan, from a
tracking code to "you said, we did" of its FGD and its PDF; every page fits a 390 px screen."""

import pytest

from .public_scenario import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "var/screenshots"


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
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_public_plan_and_you_said_we_did_on_a_phone_without_javascript(no_js_phone, live_server, officer):
    page, base = no_js_phone, live_server.url
    data = build(officer)
    code = data["aspirations"]["under-way"].tracking_code

    page.goto(base + "/")
    with page.expect_navigation():
        page.get_by_test_id("public-plan-link").click()
    assert page.locator("h1").inner_text() == "Rencana CSR yang disetujui"
    program = page.get_by_test_id(f"public-program-{data['started'].code}").first
    assert program.is_visible() and "Bank sampah Margo Mulyo" in program.inner_text()
    assert "50% selesai" in program.inner_text() and "Menjawab 2 aspirasi" in program.inner_text()
    assert _overflow(page) <= 0, f"the plan page is {_overflow(page)} px wider than the phone"
    page.screenshot(path=f"{SHOTS}/phone-no-js-public-plan.png", full_page=True)

    page.goto(f"{base}/aspirations/track/{code}/")
    with page.expect_navigation():
        page.get_by_test_id("session-outcomes-link").get_by_role("link").click()
    summary = page.get_by_test_id("outcome-summary")
    assert summary.inner_text().startswith("8 aspirasi disampaikan · 6 diterima")
    row = page.get_by_test_id(f"outcome-{code}")
    assert "Sedang berjalan" in row.inner_text() and "50% selesai" in row.inner_text()
    assert _overflow(page) <= 0, f"the FGD page is {_overflow(page)} px wider than the phone"
    page.screenshot(path=f"{SHOTS}/phone-no-js-you-said-we-did.png", full_page=True)

    pdf = page.request.get(base + page.get_by_test_id("outcomes-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
