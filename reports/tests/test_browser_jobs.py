"""The one progress partial in a real browser, under faults: a report asked for while the broker is
down waits queued with a clear note (desktop and phone, with and without JavaScript)."""

import re

import pytest
from playwright.sync_api import expect

from reports.models import ReportJob
from reports.tests.factories import plan_with_programs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots-jobs"


def test_a_report_asked_for_while_the_broker_is_down_waits_with_a_clear_note(
    broker_down, live_server, login_page, manager, browser
):
    plan = plan_with_programs(programs=1)
    page = login_page(manager)
    page.goto(f"{live_server.url}/reports/")
    page.select_option("#new-plan", str(plan.pk))
    page.get_by_role("button", name=re.compile("PDF rencana kerja")).click()

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    note = page.get_by_test_id("job-queue-down")
    expect(note).to_contain_text("akan mulai sendiri begitu antrean kembali")
    expect(page.get_by_test_id("job-status")).to_have_text("Dalam antrean")
    page.screenshot(path=f"{SHOTS}/report-queue-down.png", full_page=True)
    job = ReportJob.objects.get()
    assert job.status == "queued" and job.published_at is None

    page.get_by_role("button", name="Kirim ulang ke antrean").click()  # accepted, still queued
    expect(page.get_by_test_id("job-queue-down")).to_be_visible()

    # Without JavaScript the page reloads itself (noscript refresh) and shows the same note.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.add_cookies(page.context.cookies())
    phone = context.new_page()
    phone.goto(f"{live_server.url}/reports/{job.pk}/")
    expect(phone.get_by_test_id("job-queue-down")).to_be_visible()
    assert phone.locator("noscript").count() >= 1
    phone.screenshot(path=f"{SHOTS}/report-queue-down-phone.png", full_page=True)
    context.close()
