"""Journey: an officer accepts every aspiration matching a search in one bulk action; the page answers
at once with the job's progress, follows the real worker until it is done, and lists the one refused.
Real browser, real Celery worker, real SMTP server; with JavaScript off the page refreshes itself."""

import time
from pathlib import Path

import pytest
from django.utils import timezone

from core.access import Role
from fgd.models import Aspiration, BulkTransitionJob
from fgd.services.aspirations import new_tracking_code
from notifications.models import Message
from stakeholders.services import PRIVACY_NOTICE_VERSION

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-nbench")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _aspirations(n: int, status: str = Aspiration.Status.RECEIVED) -> list[Aspiration]:
    return Aspiration.objects.bulk_create(
        Aspiration(
            tracking_code=new_tracking_code(),
            title=f"Lampu jalan gang {i}",
            description="Gang gelap.",
            source=Aspiration.Source.PUBLIC_FORM,
            status=status,
            submitter_email=f"warga{status}{i}@example.org",
            contact_language="id",
            consent_given_at=timezone.now(),
            consent_notice_version=PRIVACY_NOTICE_VERSION,
        )
        for i in range(n)
    )


def test_accepting_every_matching_aspiration_follows_the_worker_to_the_end(
    celery_worker, smtp_server, login_page, make_user, settings, live_server, browser
):
    settings.ASPIRATION_BULK_BACKGROUND = 5
    _aspirations(12)
    [done] = _aspirations(1, status=Aspiration.Status.DONE)
    page = login_page(make_user(Role.OFFICER))
    page.goto(f"{live_server.url}/aspirations/?q=Lampu")
    page.get_by_test_id("bulk-everything").get_by_role("checkbox").check()
    page.select_option("#bulk-action", "accepted")
    _shot(page, "bulk-bar-desktop")
    with page.expect_navigation():
        page.get_by_test_id("bulk-form").get_by_role("button", name="Terapkan").click()
    job = BulkTransitionJob.objects.get()
    assert page.url == f"{live_server.url}{job.get_absolute_url()}"
    assert job.total == 13
    page.get_by_test_id("bulk-done").wait_for(timeout=60_000)  # htmx polled the worker's progress
    _shot(page, "bulk-job-done-desktop")
    refused = page.get_by_test_id("bulk-refused").inner_text()
    assert done.tracking_code in refused and "tidak dapat menjadi" in refused
    assert "12" in page.get_by_test_id("bulk-counts").inner_text()
    deadline = time.monotonic() + 60
    while len(smtp_server.messages) < 12 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"wargareceived{i}@example.org" for i in range(12))
    assert Message.objects.filter(status=Message.Status.SENT).count() == 12

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    no_js = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        for context, name in ((phone, "bulk-job-done-phone"), (no_js, "bulk-job-done-nojs")):
            context.add_cookies(page.context.cookies())
            other = context.new_page()
            other.goto(f"{live_server.url}{job.get_absolute_url()}")
            assert other.get_by_test_id("bulk-done").is_visible()
            _shot(other, name)
    finally:
        phone.close()
        no_js.close()
