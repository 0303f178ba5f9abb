"""Journey: an officer records March for the coconut-coir program with a photo; a manager closes Q1;
the month can no longer be edited. Screenshots of the monitoring page on a desktop and a phone."""

from pathlib import Path

import pytest

from conftest import DEMO_PASSWORD
from core.access import Role
from monitoring.models import Evidence, Period, Realisation
from programs.models import AnnualPlan
from programs.tests.factories import ActivityFactory, AnnualPlanFactory, ProgramFactory

from .conftest import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-monitoring")


def _post(page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_officer_records_a_month_with_a_photo_and_the_manager_closes_q1(
    login_page, live_server, make_user, phone_page, tmp_path
):
    SHOTS.mkdir(exist_ok=True)
    plan = AnnualPlanFactory(status=AnnualPlan.Status.APPROVED, year=2025)
    coir = ProgramFactory(plan=plan, code="P01", name="Sabut kelapa Koperasi KIM")
    water = ProgramFactory(plan=plan, code="P02", name="Panen air hujan Rawabening")
    weaving = ActivityFactory(program=coir, name="Pelatihan anyaman sabut", months=[2, 3], budget=60_000_000)
    ActivityFactory(program=water, name="Tandon air hujan", months=[3, 4, 5], budget=150_000_000)
    officer = make_user(Role.OFFICER, username="rina", first_name="Rina")
    manager = make_user(Role.MANAGER, username="hendra", first_name="Hendra")
    image = tmp_path / "pelatihan.jpg"
    image.write_bytes(photo().read())

    page = login_page(officer)
    page.goto(f"{live_server.url}/monitoring/programs/{coir.pk}/")
    page.get_by_label("Catat Pelatihan anyaman sabut, bulan 3").click()
    page.select_option("select[name=status]", "on_track")
    page.fill("input[name=progress]", "60")
    page.fill("input[name=actual_spend]", "Rp 35.000.000")
    page.fill("input[name=beneficiaries_reached]", "25")
    page.fill("textarea[name=note]", "Angkatan pertama, 25 perajin")
    page.set_input_files("input[name=evidence]", str(image))
    _post(page, page.locator("main form button[type=submit]"))
    assert "tersimpan" in page.content()
    realisation = Realisation.objects.get(activity=weaving, month=3)
    assert realisation.actual_spend == 35_000_000 and Evidence.objects.filter(realisation=realisation).count() == 1
    page.context.clear_cookies()

    page = login_page(manager)
    page.goto(f"{live_server.url}/monitoring/plans/{plan.pk}/")
    _post(page, page.get_by_role("button", name="Tutup Triwulan I 2025"))
    assert Period.objects.get(plan=plan, quarter=1).is_closed
    assert page.get_by_test_id("absorption").inner_text() == "16,7%"  # 35 of 210 million, Indonesian decimal comma
    page.screenshot(path=str(SHOTS / "monitoring-desktop.png"), full_page=True)
    page.context.clear_cookies()

    page = login_page(officer)
    page.goto(f"{live_server.url}/monitoring/activities/{weaving.pk}/months/3/")
    assert "hanya manajer" in page.content().lower()  # sent back: the quarter is closed, who can reopen it

    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("input[name=username]", "hendra")
    phone_page.fill("input[name=password]", DEMO_PASSWORD)
    with phone_page.expect_navigation():
        phone_page.click("main form button[type=submit]")
    phone_page.goto(f"{live_server.url}/monitoring/plans/{plan.pk}/")
    phone_page.screenshot(path=str(SHOTS / "monitoring-phone.png"), full_page=True)
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "the monitoring page scrolls sideways on a phone"
