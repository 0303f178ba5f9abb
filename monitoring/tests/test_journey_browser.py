"""The issue's journey on the demo scenario, in a real browser with a real worker.

The officer records the first quarter of the coconut-coir program (Koperasi KIM) and of the rain-water
harvesting program (Rawabening), each month with an evidence photo; the manager closes Q1, and a
correction started before the closing is refused with a message that names who can reopen it; the Q1
realisation report is rendered by the Celery worker, downloaded and read back: its totals are the
monitoring page's. Sarwana's tracking page shows her program's progress, and once the program's last
activities are recorded done in Q4 it says "done", naming the program and what it delivered.

Screenshots (desktop 1280 px and phone 390 px) go to /tmp/shots-monev/.
"""

import io
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import DEMO_PASSWORD
from core.access import Role
from demo.fgd import seed_demo_data as seed_fgd
from demo.programs import seed_demo_data as seed_programs
from demo.stakeholders import seed_demo_data as seed_stakeholders
from fgd.models import Aspiration
from monitoring import selectors
from monitoring.models import Evidence, Period, Realisation
from programs.models import AnnualPlan, Program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-monev")
COIR, WATER = "EKO-01", "LIN-03"


def _photo(path: Path, colour: str, fmt: str) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), colour)
    ImageDraw.Draw(image).rectangle((60, 380, 740, 560), fill="#f4f1ea")
    image.save(path, fmt)
    return path


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def _table_fits(page, testid: str) -> None:
    """The table is read on the phone as it is: its cells stack, nothing scrolls sideways inside it."""
    overflow = page.evaluate(
        f"(() => {{ const t = document.querySelector('[data-testid={testid}]');"
        " const box = t.closest('.table-responsive') || t.parentElement;"
        " return Math.max(box.scrollWidth - box.clientWidth, t.scrollWidth - box.clientWidth); })()"
    )
    assert overflow <= 0, f"the {testid} table scrolls sideways by {overflow} px"


def _shoot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _record(page, program_url: str, activity: str, month: int, photo: Path | None = None, **values) -> None:
    """Opens the month from the program's grid, fills the form as an officer types it, saves."""
    page.goto(program_url)
    page.get_by_label(f"Catat {activity}, bulan {month}").click()
    page.select_option("select[name=status]", values["status"])
    page.fill("input[name=progress]", values["progress"])
    page.fill("input[name=actual_spend]", values["spend"])
    page.fill("input[name=beneficiaries_reached]", values.get("reached", ""))
    page.fill("textarea[name=note]", values.get("note", ""))
    if photo is not None:
        page.set_input_files("input[name=evidence]", str(photo))
        page.fill("input[name=evidence_description]", f"Dokumentasi {activity.lower()}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("tersimpan")


def _login(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


@pytest.fixture
def scenario(make_user):
    """The demo scenario up to the approved 2025 plan, before any realisation is recorded."""
    officer = make_user(Role.OFFICER, username="officer", first_name="Rina", last_name="Kartikasari")
    manager = make_user(Role.MANAGER, username="manager", first_name="Dodi", last_name="Yapsenang")
    seed_stakeholders()
    seed_fgd()
    seed_programs()
    plan = AnnualPlan.objects.get(year=2025, status=AnnualPlan.Status.APPROVED)
    return plan, officer, manager


def test_q1_recorded_closed_reported_and_the_public_sees_the_program_through(
    scenario, celery_worker, live_server, browser, login_page, phone_page, tmp_path
):
    SHOTS.mkdir(exist_ok=True)
    plan, officer, manager = scenario
    coir = Program.objects.get(plan=plan, code=COIR)
    water = Program.objects.get(plan=plan, code=WATER)
    sarwana = Aspiration.objects.get(stakeholder__name="Sarwana", programs=water, title__icontains="air hujan")
    assert sarwana.status == Aspiration.Status.PLANNED
    coir_url = f"{live_server.url}/monitoring/programs/{coir.pk}/"
    water_url = f"{live_server.url}/monitoring/programs/{water.pk}/"
    weaving, installation = "Pelatihan desain dan finishing produk", "Instalasi panen air hujan rumah tangga"

    # --- The officer records Q1, a real photo with every month ------------------------------------
    page = login_page(officer)
    page.goto(f"{live_server.url}/monitoring/")
    page.get_by_role("link", name=re.compile("2025")).first.click()
    page.get_by_role("link", name=re.compile(coir.name)).click()
    expect(page).to_have_url(coir_url)
    _record(
        page,
        coir_url,
        weaving,
        2,
        _photo(tmp_path / "pelatihan-februari.jpg", "#2f8f6f", "JPEG"),
        status="on_track",
        progress="50",
        spend="Rp 40.000.000",
        reached="20",
        note="Angkatan pertama: 20 perajin KIM belajar desain dan finishing.",
    )
    page.goto(coir_url)
    page.get_by_label(f"Catat {weaving}, bulan 3").click()
    page.select_option("select[name=status]", "done")
    page.fill("input[name=progress]", "100")
    page.fill("input[name=actual_spend]", "Rp 44.500.000")
    page.fill("input[name=beneficiaries_reached]", "25")
    page.fill("textarea[name=note]", "Angkatan kedua selesai; berita acara serah terima ditandatangani.")
    page.set_input_files("input[name=evidence]", str(_photo(tmp_path / "bast-maret.png", "#d08c00", "PNG")))
    _shoot(page, "01-record-form-desktop")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("tersimpan")
    _record(
        page,
        water_url,
        installation,
        3,
        _photo(tmp_path / "tandon-maret.jpg", "#3c6e9f", "JPEG"),
        status="on_track",
        progress="30",
        spend="Rp 63.000.000",
        reached="18",
        note="18 rumah tangga di Baru Ulu terpasang talang dan tandon.",
    )
    _shoot(page, "02-program-rawabening-desktop")
    recorded = Realisation.objects.filter(activity__program__in=[coir, water])
    assert sorted(recorded.values_list("activity__program__code", "month", "actual_spend")) == [
        (COIR, 2, 40_000_000),
        (COIR, 3, 44_500_000),
        (WATER, 3, 63_000_000),
    ]
    assert Evidence.objects.filter(realisation__in=recorded).count() == 3
    assert sorted(Evidence.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/jpeg", "image/png"]

    # A correction opened before the closing...
    page.goto(coir_url)
    page.get_by_label(f"Catat {weaving}, bulan 3").click()
    page.fill("input[name=actual_spend]", "Rp 45.000.000")

    # --- The manager closes Q1 (in a browser of their own) -----------------------------------------
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    manager_page = desk.new_page()
    try:
        _login(manager_page, live_server, "manager", DEMO_PASSWORD)
        manager_page.goto(f"{live_server.url}/monitoring/plans/{plan.pk}/")
        with manager_page.expect_navigation():
            manager_page.get_by_role("button", name="Tutup Triwulan I 2025").click()
        expect(manager_page.locator(".alert-success")).to_contain_text("Triwulan I 2025")
        _shoot(manager_page, "03-plan-q1-closed-desktop")
    finally:
        desk.close()
    assert Period.objects.get(plan=plan, quarter=1).is_closed

    # ...is refused, naming who can reopen the quarter; nothing changes.
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    refusal = page.locator(".alert-danger, .alert-warning").first
    expect(refusal).to_contain_text("Hanya manajer yang dapat membukanya kembali")
    expect(refusal).to_contain_text("Dodi Yapsenang")
    _shoot(page, "04-edit-refused-desktop")
    assert Realisation.objects.get(activity__program=coir, month=3).actual_spend == 44_500_000
    page.goto(coir_url)
    expect(page.locator("td[data-month='3'] .bi-lock").first).to_be_visible()

    # --- The Q1 realisation report: rendered by the worker, downloaded, read back -------------------
    page.goto(f"{live_server.url}/monitoring/plans/{plan.pk}/?quarter=1")
    actual_total = page.get_by_test_id("actual-total").inner_text().strip()
    planned_total = page.get_by_test_id("planned-total").inner_text().strip()
    programs_table = page.get_by_test_id("programs")
    screen_rows = {
        code: programs_table.locator("tr", has_text=code).locator("td.money").all_inner_texts()
        for code in (COIR, WATER)
    }
    assert actual_total == "Rp 147.500.000"  # 40 + 44,5 + 63 million: what was typed
    _shoot(page, "05-plan-q1-desktop")
    page.get_by_role("button", name="PDF laporan realisasi, Triwulan I 2025").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    download_link = page.get_by_test_id("download-link")
    expect(download_link).to_be_visible(timeout=180_000)
    _shoot(page, "06-report-job-done-desktop")
    with page.expect_download() as info:
        download_link.click()
    pdf_path = tmp_path / "realisasi-q1.pdf"
    info.value.save_as(pdf_path)
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    layout = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True)
    assert "Laporan Realisasi TJSL Triwulan I 2025" in " ".join(text.split())
    summary = re.search(r"Realisasi biaya\s+(Rp [\d.]+)", layout.stdout)
    planned = re.search(r"Anggaran rencana\s+(Rp [\d.]+)", layout.stdout)
    assert summary and summary.group(1) == actual_total
    assert planned and planned.group(1) == planned_total
    for code, (row_planned, row_actual) in screen_rows.items():
        line = next(line for line in layout.stdout.splitlines() if line.strip().startswith(code) and "%" in line)
        assert row_planned in line and row_actual in line, (code, line)
    assert "PERIODE BELUM DITUTUP" not in text  # Q1 is closed: no "period open" mark
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(SHOTS / "07-report-q1")], check=True)

    # --- Sarwana's tracking page: the program's progress ------------------------------------------
    sarwana.refresh_from_db()
    assert sarwana.status == Aspiration.Status.IN_PROGRESS
    track_url = f"{live_server.url}/aspirations/track/{sarwana.tracking_code}/"
    expected = selectors.public_program_progress([water.pk])[water.pk]
    phone_page.goto(track_url)
    progress = phone_page.get_by_test_id("public-program-progress")
    expect(progress).to_contain_text(f"{water.name}: {expected}% selesai")
    expect(phone_page.get_by_test_id("public-status")).to_contain_text("Sedang berjalan")
    _shoot(phone_page, "08-tracking-in-progress-phone")
    _no_sideways_scroll(phone_page)

    # --- Q4: the program's remaining activities are recorded done ---------------------------------
    for activity, month, spend, reached in (
        ("Pelatihan urban farming", 10, "Rp 55.000.000", "40"),
        ("Bibit dan media tanam", 10, "Rp 33.000.000", ""),
        (installation, 11, "Rp 140.000.000", "42"),
    ):
        _record(
            page,
            water_url,
            activity,
            month,
            status="done",
            progress="100",
            spend=spend,
            reached=reached,
            note=f"{activity}: selesai, berita acara serah terima ditandatangani.",
        )
    sarwana.refresh_from_db()
    assert sarwana.status == Aspiration.Status.DONE

    page.context.clear_cookies()
    page.goto(track_url)
    expect(page.get_by_test_id("public-status")).to_contain_text("Selesai")
    expect(page.get_by_test_id("public-program-progress")).to_contain_text(f"{water.name}: 100% selesai")
    history = page.get_by_test_id("public-history")
    expect(history).to_contain_text(f"Program “{water.name}” sudah selesai")
    expect(history).to_contain_text(installation)
    expect(history).to_contain_text("Penerima manfaat terjangkau: 100 rumah tangga")  # 18 + 40 + 42 reached
    _shoot(page, "09-tracking-done-desktop")
    phone_page.goto(track_url)
    expect(phone_page.get_by_test_id("public-status")).to_contain_text("Selesai")
    _shoot(phone_page, "10-tracking-done-phone")
    _no_sideways_scroll(phone_page)

    # The monitoring page on a phone, logged in as the manager.
    _login(phone_page, live_server, "manager", DEMO_PASSWORD)
    phone_page.goto(f"{live_server.url}/monitoring/plans/{plan.pk}/?quarter=1")
    _shoot(phone_page, "11-plan-q1-phone")
    _no_sideways_scroll(phone_page)
    _table_fits(phone_page, "renstra-indicators")
    phone_page.goto(water_url)
    _shoot(phone_page, "12-program-rawabening-phone")
    _no_sideways_scroll(phone_page)
    _table_fits(phone_page, "indicators")
    phone_page.locator("[data-testid=indicators]").screenshot(path=str(SHOTS / "13-indicators-phone.png"))
