"""The manager's journey in a real browser: generate the approved plan's PDF, watch it finish, download it."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import ReportJob
from reports.tests.factories import approved, plan_with_programs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots-reports"


@pytest.mark.production_hasher  # the one journey that logs in with the production password hasher
def test_a_manager_generates_the_approved_plan_pdf_watches_it_finish_and_downloads_it(
    celery_worker, live_server, login_page, manager
):
    plan = approved(plan_with_programs(programs=3, activities=2, aspirations=2), by=manager)
    names = list(plan.programs.values_list("name", flat=True))
    page = login_page(manager)

    page.goto(f"{live_server.url}/reports/")
    page.select_option("#new-plan", str(plan.pk))
    page.get_by_role("button", name=re.compile("PDF rencana kerja")).click()

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    bar = page.get_by_role("progressbar")
    expect(bar).to_be_visible()
    page.screenshot(path=f"{SHOTS}/job-progress.png", full_page=True)
    download_link = page.get_by_test_id("download-link")
    expect(download_link).to_be_visible(timeout=180_000)  # htmx polling brings it in without a reload
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("job-progress")).not_to_have_attribute("data-hx-trigger", re.compile("."))
    page.screenshot(path=f"{SHOTS}/job-done.png", full_page=True)

    with page.expect_download() as info:
        download_link.click()
    content = open(info.value.path(), "rb").read()  # noqa: SIM115
    assert content.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    for name in names:
        assert name in text
    assert "DRAFT" not in text
    assert info.value.suggested_filename == f"rencana-kerja-tjsl-2025-v{plan.version}-id.pdf"

    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_test_id("report-list")).to_contain_text("manager")
    page.screenshot(path=f"{SHOTS}/list.png", full_page=True)


def test_without_javascript_the_job_page_refreshes_itself_until_the_download_appears(
    celery_worker, live_server, browser, manager, client
):
    plan = plan_with_programs(programs=1)
    client.force_login(manager)
    session_cookie = client.cookies["sessionid"].value
    client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk})
    job = ReportJob.objects.latest("id")

    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": session_cookie, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/reports/{job.pk}/")
        expect(page.get_by_test_id("download-link")).to_be_visible(timeout=180_000)
        assert page.locator("meta[http-equiv=refresh]").count() == 0
    finally:
        context.close()


def test_the_report_pages_fit_a_phone(celery_worker, live_server, phone_page, manager, client):
    from reports.tests.factories import ReportJobFactory

    ReportJobFactory(requested_by=manager, status="failed", error_message="Rendering took too long. Try again.")
    client.force_login(manager)
    phone_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    phone_page.goto(f"{live_server.url}/reports/")
    phone_page.screenshot(path=f"{SHOTS}/list-phone.png", full_page=True)
    wide = phone_page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391"
        " && !e.closest('.table-responsive')).map(e => e.tagName + '.' + e.className)"
    )
    assert wide == []
    phone_page.goto(f"{live_server.url}/reports/{ReportJob.objects.get().pk}/")
    expect(phone_page.get_by_test_id("job-error")).to_contain_text("Try again")
    phone_page.screenshot(path=f"{SHOTS}/detail-phone.png", full_page=True)


def test_a_viewer_downloads_the_approved_plans_pdf_from_the_plan_page(
    celery_worker, live_server, login_page, viewer, manager
):
    """Issue 11 item 11: the README says viewers read everything; an approved plan's PDF included."""
    plan = approved(plan_with_programs(programs=1, activities=1, aspirations=0), by=manager)
    page = login_page(viewer)

    page.goto(f"{live_server.url}{plan.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("PDF")).click()

    download_link = page.get_by_test_id("download-link")
    expect(download_link).to_be_visible(timeout=180_000)
    page.screenshot(path=f"{SHOTS}/viewer-download.png", full_page=True)
    with page.expect_download() as info:
        download_link.click()
    assert open(info.value.path(), "rb").read().startswith(b"%PDF-")  # noqa: SIM115
    assert ReportJob.objects.get().requested_by == viewer
