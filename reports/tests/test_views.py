"""Who may ask for, see and download which report; the list's query count; the job page's refresh."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from core.access import Role
from core.page_cache import bump_staff_version
from reports import services
from reports.models import ReportJob
from reports.tests import factories
from reports.tests.factories import AnnualPlanFactory, FgdSessionFactory, ReportJobFactory, approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return AnnualPlanFactory()


@pytest.fixture
def session():
    return FgdSessionFactory()


def _done_job(**fields) -> ReportJob:
    job = ReportJobFactory(status="done", progress=100, **fields)
    job.file.save("report.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.file_size, job.page_count, job.checksum = 13, 1, "0" * 64
    job.save()
    return job


# --- generate --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, plan):
    response = client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ReportJob.objects.exists()


def test_viewers_generate_only_an_approved_plans_pdf(client_for, viewer, plan, session, manager):
    """Issue 11 item 11: viewers read everything approved; drafts and minutes stay with staff who work on them."""
    client = client_for(viewer)
    assert client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk}).status_code == 403
    assert client.post("/reports/generate/", {"kind": "fgd_minutes_pdf", "target": session.pk}).status_code == 403
    assert not ReportJob.objects.exists()
    approved(plan, by=manager)
    response = client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk})
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/{job.pk}/" and job.requested_by == viewer


def test_officers_generate_fgd_minutes_and_draft_plan_pdfs(client_for, officer, plan, session):
    client = client_for(officer)
    response = client.post("/reports/generate/", {"kind": "fgd_minutes_pdf", "target": session.pk, "language": "en"})
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/{job.pk}/"
    assert (job.kind, job.fgd_session, job.language, job.requested_by, job.status) == (
        "fgd_minutes_pdf",
        session,
        "en",
        officer,
        "queued",
    )
    assert plan.status == "draft"
    assert client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk}).status_code == 302
    assert ReportJob.objects.filter(kind="plan_pdf", plan=plan, requested_by=officer).exists()


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_managers_and_administrators_generate_plan_pdfs(
    request, client_for, role, plan, django_capture_on_commit_callbacks
):
    user = request.getfixturevalue(role)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(user).post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk})
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/{job.pk}/"
    assert job.plan == plan and job.language == "id" and job.status == "queued"
    # The task is sent only once the job row is committed (the other callbacks replace cache tokens).
    assert len([c for c in callbacks if "publish" in c.__qualname__]) == 1


def test_a_missing_target_or_unknown_kind_is_a_clear_error_not_a_crash(client_for, manager):
    client = client_for(manager)
    response = client.post("/reports/generate/", {"kind": "plan_pdf", "target": 999999}, follow=True)
    assert "Dokumen yang Anda minta sudah tidak ada." in response.content.decode()
    response = client.post("/reports/generate/", {"kind": "spreadsheet", "target": 1}, follow=True)
    assert "Jenis dokumen tidak dikenal." in response.content.decode()
    assert not ReportJob.objects.exists()


def test_generate_answers_only_post(client_for, manager):
    assert client_for(manager).get("/reports/generate/").status_code == 405


# --- download --------------------------------------------------------------------------


def test_a_draft_plans_pdf_is_downloaded_by_officers_and_managers_not_viewers(
    client, client_for, viewer, officer, manager, administrator
):
    job = _done_job(rendered_status="draft")
    url = f"/reports/{job.pk}/download/"
    assert client.get(url).status_code == 302
    assert client_for(viewer).get(url).status_code == 403
    for user in (officer, manager, administrator):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
        assert response["Content-Disposition"].startswith('attachment; filename="rencana-kerja-tjsl-2025-v')
        assert response["Cache-Control"] == "private, no-store"


def test_an_approved_plans_pdf_is_downloaded_by_every_staff_role(client, client_for, make_user, manager):
    """Issue 11 item 11. The rendering decides, not the plan's status today: a PDF rendered while the plan
    was a draft says DRAFT and stays with officers and managers even after the plan is approved."""
    plan = approved(AnnualPlanFactory(), by=manager)
    job = _done_job(plan=plan, rendered_status="approved")
    older = _done_job(plan=plan, rendered_status="draft")
    assert client.get(f"/reports/{job.pk}/download/").status_code == 302
    assert client_for(make_user(None, "no-role")).get(f"/reports/{job.pk}/download/").status_code == 403
    for role in Role:
        user_client = client_for(make_user(role, f"role-{role.value}"))
        assert user_client.get(f"/reports/{job.pk}/download/").status_code == 200, role
        page = user_client.get(f"/reports/{job.pk}/").content.decode()
        assert f'href="/reports/{job.pk}/download/"' in page, role
        expected = 403 if role == Role.VIEWER else 200
        assert user_client.get(f"/reports/{older.pk}/download/").status_code == expected, role


def test_fgd_minutes_are_downloaded_by_staff_not_viewers(client_for, viewer, officer, session):
    job = _done_job(kind="fgd_minutes_pdf", plan=None, fgd_session=session)
    url = f"/reports/{job.pk}/download/"
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(officer).get(url).status_code == 200


def test_an_unfinished_job_or_a_lost_file_has_nothing_to_download(client_for, manager):
    client = client_for(manager)
    queued = ReportJobFactory()
    assert client.get(f"/reports/{queued.pk}/download/").status_code == 404
    lost = _done_job()
    lost.file.storage.delete(lost.file.name)
    assert client.get(f"/reports/{lost.pk}/download/").status_code == 404


def test_media_files_have_no_public_url(client, manager):
    job = _done_job()
    assert client.get(f"/private-media/{job.file.name}").status_code == 404
    assert job.file.name.startswith("reports/")


# --- pages -----------------------------------------------------------------------------


def test_the_job_page_refreshes_itself_until_the_job_is_finished(client_for, manager):
    client = client_for(manager)
    job = ReportJobFactory(status="running", progress=40)
    page = client.get(f"/reports/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert f'hx-get="/reports/{job.pk}/progress/"' in page and 'hx-trigger="every 2s"' in page
    assert 'aria-valuenow="40"' in page

    fragment = client.get(f"/reports/{job.pk}/progress/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" in fragment and "<html" not in fragment

    done = _done_job()
    page = client.get(f"/reports/{done.pk}/").content.decode()
    assert "http-equiv" not in page and "hx-trigger" not in page
    assert f"/reports/{done.pk}/download/" in page
    fragment = client.get(f"/reports/{done.pk}/progress/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and f"/reports/{done.pk}/download/" in fragment


def test_the_progress_fragment_without_htmx_sends_back_to_the_page(client_for, manager):
    job = ReportJobFactory()
    response = client_for(manager).get(f"/reports/{job.pk}/progress/")
    assert response.status_code == 302 and response["Location"] == f"/reports/{job.pk}/"


def test_a_failed_job_shows_why_and_only_permitted_users_may_retry(
    client_for, viewer, manager, django_capture_on_commit_callbacks
):
    job = ReportJobFactory(status="failed", error_message="Rendering took too long.")
    page = client_for(viewer).get(f"/reports/{job.pk}/").content.decode()
    assert "Rendering took too long." in page and "/retry/" not in page
    assert client_for(viewer).post(f"/reports/{job.pk}/retry/").status_code == 403

    client = client_for(manager)
    assert "/retry/" in client.get(f"/reports/{job.pk}/").content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(f"/reports/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == "queued" and job.error_message == "" and len(callbacks) == 1
    ReportJob.objects.filter(pk=job.pk).update(published_at=timezone.now())  # the message went out
    response = client.post(f"/reports/{job.pk}/retry/", follow=True)  # queued, in the queue: nothing to retry
    assert (
        "Hanya laporan yang gagal, atau yang belum diambil worker, yang dapat dicoba lagi." in response.content.decode()
    )


def test_the_list_shows_who_asked_and_when(client_for, manager, officer):
    job = ReportJobFactory(requested_by=officer, kind="fgd_minutes_pdf", plan=None, fgd_session=FgdSessionFactory())
    page = client_for(manager).get("/reports/").content.decode()
    assert "officer" in page and job.fgd_session.title in page
    assert timezone.localtime(job.queued_at).strftime("%H.%M") in page


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_the_list_runs_a_constant_number_of_queries(request, client_for, role, django_assert_num_queries):
    client = client_for(request.getfixturevalue(role))
    session = FgdSessionFactory()

    def make(n):
        for _ in range(n):
            _done_job(requested_by=request.getfixturevalue(role))
            ReportJobFactory(kind="fgd_minutes_pdf", plan=None, fgd_session=session, status="failed")

    make(2)
    client.get("/reports/")
    # The page itself is measured each time, not its cached copy (core/page_cache.py).
    with django_assert_num_queries(_count(client)) as small:
        bump_staff_version()
        client.get("/reports/")
    make(10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/reports/")
    assert response.content.decode().count('href="/reports/') >= 24


def _count(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bump_staff_version()
    with CaptureQueriesContext(connection) as context:
        client.get("/reports/")
    return len(context.captured_queries)


# --- claims, sweeps, re-runs -------------------------------------------------------------


def test_a_second_claim_of_the_same_job_is_refused():
    job = ReportJobFactory()
    assert ReportJob.claim(job.pk) is not None
    assert ReportJob.claim(job.pk) is None  # running under this (live) process
    assert services.report_job_run(job_id=job.pk) is None  # a redelivered message does nothing
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1


def test_the_sweep_fails_jobs_whose_worker_died(settings):
    # Past its attempts (a job with attempts left is queued again: test_jobs.py). The sweep runs
    # from celery beat and cron now, no longer from the list page.
    settings.CELERY_TASK_TIME_LIMIT = 360
    dead = ReportJobFactory(
        status="running", started_at=timezone.now() - timedelta(minutes=8), language="en", attempts=3
    )
    alive = ReportJobFactory(status="running", started_at=timezone.now() - timedelta(minutes=2))
    queued = ReportJobFactory(published_at=timezone.now())

    services.report_jobs_sweep()

    dead.refresh_from_db()
    alive.refresh_from_db()
    queued.refresh_from_db()
    assert dead.status == "failed" and "stopped before it finished" in dead.error_message
    assert dead.finished_at is not None
    assert (alive.status, queued.status) == ("running", "queued")


def test_the_sweep_command(capsys):
    ReportJobFactory(status="running", started_at=timezone.now() - timedelta(hours=1), attempts=3)
    call_command("sweep_report_jobs")
    assert "1 report job(s) marked failed." in capsys.readouterr().out
    assert ReportJob.objects.get().status == "failed"


def test_re_running_a_job_replaces_its_file(officer):
    session = FgdSessionFactory()
    job = ReportJobFactory(kind="fgd_minutes_pdf", plan=None, fgd_session=session)
    services.report_job_run(job_id=job.pk)
    job.refresh_from_db()
    first_name = job.file.name
    assert job.status == "done" and job.file.storage.exists(first_name)

    ReportJob.objects.filter(pk=job.pk).update(status="queued")
    services.report_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and job.file.name != first_name
    assert job.file.storage.exists(job.file.name) and not job.file.storage.exists(first_name)


@pytest.mark.django_db
def test_a_realisation_report_needs_an_approved_plan_and_a_period(client_for, officer):
    plan = factories.plan_with_programs(programs=1)
    client = client_for(officer)
    client.post("/reports/generate/", {"kind": "realisation_pdf", "target": plan.pk, "quarter": "1"})
    assert not ReportJob.objects.exists()
    factories.approved(plan)
    client.post("/reports/generate/", {"kind": "realisation_pdf", "target": plan.pk, "quarter": "7"})
    assert not ReportJob.objects.exists()
