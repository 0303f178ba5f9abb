"""Journey: a resident submits with an e-mail, an officer accepts it, a manager (told by the bell) approves the
plan that answers it; the local SMTP server received the receipt, "accepted" and "planned", in that order, in
Indonesian; the stop link in the last one stops the next. Real browser, real Celery worker, real SMTP server."""

import re
import time
from pathlib import Path

import pytest

from core.access import Role
from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_transition
from notifications.models import Message
from programs import services

from .factories import AnnualPlanFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-notify")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _wait_for_mail(smtp_server, count: int, seconds: float = 30) -> list:
    deadline = time.monotonic() + seconds
    while len(smtp_server.messages) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(smtp_server.messages) == count, [m["Subject"] for m in smtp_server.messages]
    return smtp_server.messages


def test_a_resident_hears_received_accepted_planned_then_stops(
    make_user, login_page, live_server, celery_worker, smtp_server, settings, phone_page
):
    settings.PUBLIC_FORM_MIN_SECONDS = 1
    settings.SITE_URL = live_server.url
    officer = make_user(Role.OFFICER, username="rina")
    manager = make_user(Role.MANAGER, username="dodi", email="dodi@example.org")

    page = phone_page
    page.goto(f"{live_server.url}/aspirations/submit/")
    page.get_by_label("Apa yang Anda usulkan?").fill("Air bersih untuk RT 12 Margasari")
    page.get_by_label("Jelaskan aspirasi Anda").fill("Sumur warga kering setiap kemarau; kami butuh tandon.")
    page.get_by_label("Siapa yang akan mendapat manfaat?").fill("rumah tangga")
    page.fill("#id_submitter_email", "siti@example.org")
    page.get_by_label(re.compile("Saya setuju perusahaan menyimpan")).check()
    time.sleep(1)
    page.get_by_role("button", name="Kirim aspirasi").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    aspiration = Aspiration.objects.get(tracking_code=code)
    [receipt] = _wait_for_mail(smtp_server, 1)
    assert receipt["Subject"] == f"Aspirasi Anda sudah kami terima: {code}"

    page = login_page(officer)
    page.goto(f"{live_server.url}/aspirations/{aspiration.pk}/")
    form = page.get_by_test_id("transition-form")
    form.get_by_label("Status baru").select_option(label="Diterima")
    form.get_by_role("button", name="Ubah status").click()
    assert page.get_by_test_id("status").inner_text() == "Diterima"
    _wait_for_mail(smtp_server, 2)
    aspiration.refresh_from_db()

    plan = AnnualPlanFactory(budget_ceiling=1_000_000_000)
    program = ProgramFactory(plan=plan, code="LIN-01", name="Tandon air Margasari", with_activity=300_000_000)
    services.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    services.plan_submit(plan=plan, by=officer)
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button").click()

    page = login_page(manager)
    bell = page.get_by_test_id("bell")
    assert "1 notifikasi belum dibaca" in bell.text_content()  # the count is in the HTML: no JavaScript needed
    _shot(page, "bell-desktop")
    bell.click()
    _shot(page, "inbox-desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="Buka").first.click()
    assert page.url.endswith(f"/plans/{plan.pk}/")
    with page.expect_navigation():  # approving asks first (issue 11 item 13)
        page.get_by_role("link", name="Setujui").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-button").click()
    messages = _wait_for_mail(smtp_server, 4)  # the manager's own e-mail, and "planned"
    to_siti = [m for m in messages if m["To"] == "siti@example.org"]
    assert [m["Subject"] for m in to_siti] == [
        f"Aspirasi Anda sudah kami terima: {code}",
        f"Aspirasi Anda {code} diterima",
        f"Aspirasi Anda {code} masuk rencana yang disetujui",
    ]
    planned = to_siti[-1].get_content()
    assert "Tandon air Margasari" in planned and f"{live_server.url}/aspirations/track/{code}/" in planned

    page.goto(f"{live_server.url}/notifications/outbox/")
    _shot(page, "outbox-desktop")

    stop = re.search(rf"{re.escape(live_server.url)}/aspirations/stop/\S+", planned).group(0)
    public = phone_page
    public.goto(stop)  # what a mail scanner also does: asks, stops nothing
    _shot(public, "stop-confirm-phone")
    assert Aspiration.objects.get(pk=aspiration.pk).updates_stopped_at is None
    public.get_by_test_id("stop-form").get_by_role("button").click()
    assert "tidak akan menerima pesan lagi" in public.get_by_test_id("updates-stopped").inner_text()
    _shot(public, "stopped-phone")
    aspiration_transition(aspiration=Aspiration.objects.get(pk=aspiration.pk), to_status="in_progress")
    time.sleep(2)
    assert len(smtp_server.messages) == 4
    assert not Message.objects.filter(recipient="siti@example.org", status="queued").exists()
