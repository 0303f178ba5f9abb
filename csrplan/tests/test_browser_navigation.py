"""Journey: each role logs in through the real form, sees its navigation, switches language."""

import pytest

from core.access import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_LABELS_ID = {
    Role.VIEWER: "Pemantau",
    Role.OFFICER: "Staf CSR",
    Role.MANAGER: "Manajer",
    Role.ADMINISTRATOR: "Administrator",
}
STAFF_NAV_ID = ["Dasbor", "Pemangku Kepentingan", "FGD", "Aspirasi", "Rencana", "Monev", "Laporan"]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_sees_its_navigation(role, make_user, login_page):
    page = login_page(make_user(role))
    nav = page.get_by_test_id("main-nav")
    assert nav.locator("a").all_inner_texts()[: len(STAFF_NAV_ID)] == STAFF_NAV_ID
    admin_link = nav.get_by_role("link", name="Administrasi")
    assert admin_link.count() == (1 if role == Role.ADMINISTRATOR else 0)
    assert ROLE_LABELS_ID[role] in page.get_by_test_id("current-user").inner_text()


def test_language_switch_keeps_the_page_and_translates_it(make_user, login_page):
    page = login_page(make_user(Role.OFFICER))
    page.goto(page.url.rstrip("/") + "/stakeholders/")
    page.get_by_test_id("language-switch").get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.url.endswith("/stakeholders/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_test_id("main-nav").locator("a").first.inner_text() == "Dashboard"
    page.get_by_test_id("language-switch").get_by_role("button", name="ID").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("main-nav").locator("a").first.inner_text() == "Dasbor"


def test_anonymous_visitor_on_a_phone_reaches_the_public_form(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    phone_page.get_by_role("link", name="Kirim aspirasi").first.click()
    phone_page.wait_for_load_state()
    assert phone_page.url.endswith("/aspirations/submit/")
