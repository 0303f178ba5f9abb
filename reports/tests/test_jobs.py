"""Report jobs under faults (issue 16, finding 2 and 3): a worker killed mid-render, the whole
worker restarted, a database connection dropped, the broker down. Real worker, real Redis."""

import socket
import subprocess
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from core import jobs
from reports import services, tasks
from reports.models import ReportJob
from reports.tests.conftest import wait_for_job
from reports.tests.factories import ReportJobFactory, plan_with_programs

pytestmark = pytest.mark.django_db(transaction=True)


def _dead_pid() -> int:
    """The id of a process that has ended (a worker child killed mid-render)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def _claimed_by_a_killed_worker(job: ReportJob, *, attempts: int = 1) -> None:
    """What a worker child killed (SIGKILL) after claiming leaves: running, its process gone."""
    now = timezone.now()
    ReportJob.objects.filter(pk=job.pk).update(
        status="running",
        progress=25,
        attempts=attempts,
        started_at=now,
        heartbeat_at=now,
        claim_token=f"{socket.gethostname()}:{_dead_pid()}:killed",
    )


def test_a_redelivered_message_re_claims_a_job_whose_worker_process_died(transactional_db, manager):
    job = ReportJobFactory(plan=plan_with_programs(programs=1), requested_by=manager)
    _claimed_by_a_killed_worker(job)

    tasks.render_report(job.pk)  # the message, redelivered (acks_late + reject_on_worker_lost)

    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and job.file.name


def test_a_redelivered_message_leaves_a_job_whose_worker_lives_alone(transactional_db):
    job = ReportJobFactory()
    token = ReportJob.claim(job.pk)
    assert token is not None
    tasks.render_report(job.pk)  # a duplicate while the first worker (this process) still renders
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1 and job.claim_token == token


def test_a_job_whose_heartbeat_stopped_on_another_machine_is_re_claimed_then_failed_past_its_attempts(
    transactional_db,
):
    job = ReportJobFactory(language="en")
    long_ago = timezone.now() - timedelta(minutes=10)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=long_ago, heartbeat_at=long_ago, claim_token="other-host:1:x"
    )
    assert ReportJob.claim(job.pk) is not None  # silent for 10 minutes: its worker is gone

    ReportJob.objects.filter(pk=job.pk).update(attempts=3, heartbeat_at=long_ago, claim_token="other-host:2:y")
    assert ReportJob.claim(job.pk) is None
    job.refresh_from_db()
    assert job.status == "failed" and "stopped before it finished" in job.error_message
    assert "3 times" in job.error_message


def test_the_sweep_queues_again_a_job_whose_whole_worker_was_killed_and_a_worker_renders_it(celery_worker, manager):
    job = ReportJobFactory(plan=plan_with_programs(programs=1), requested_by=manager)
    long_ago = timezone.now() - timedelta(minutes=10)
    ReportJob.objects.filter(pk=job.pk).update(
        status="running", attempts=1, started_at=long_ago, heartbeat_at=long_ago, claim_token="gone-host:7:x"
    )

    counts = jobs.sweep_all()

    assert counts["reports.ReportJob"]["requeued"] == 1
    job = wait_for_job(job.pk)
    assert job.status == "done" and job.attempts == 2


def test_the_sweep_sends_a_job_whose_publish_failed_once_the_broker_is_back(celery_worker, manager):
    job = ReportJobFactory(plan=plan_with_programs(programs=1), requested_by=manager)
    ReportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=2), published_at=None)

    assert jobs.sweep_all()["reports.ReportJob"]["republished"] == 1

    job = wait_for_job(job.pk)
    assert job.status == "done" and job.published_at is not None


def test_a_dropped_database_connection_during_a_render_is_retried_on_a_new_connection(
    celery_worker, client_for, manager, monkeypatch
):
    plan = plan_with_programs(programs=1)
    real = services.html_to_pdf
    calls = []

    def connection_dropped(html, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            other = connections.create_connection("default")  # an administrator's session
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                other.close()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # the dropped connection: OperationalError
        return real(html, **kwargs)

    monkeypatch.setattr("reports.services.html_to_pdf", connection_dropped)
    response = client_for(manager).post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk})
    assert response.status_code == 302
    job = wait_for_job(ReportJob.objects.latest("id").pk)
    assert job.status == "done" and job.attempts == 2 and len(calls) == 2


def test_with_the_broker_down_a_request_answers_a_clear_page_and_the_job_waits_queued(
    transactional_db, broker_down, client_for, manager, settings
):
    settings.LANGUAGE_CODE = "en"
    plan = plan_with_programs(programs=1)
    client = client_for(manager)
    response = client.post("/reports/generate/", {"kind": "plan_pdf", "target": plan.pk, "language": "en"})
    assert response.status_code == 302
    job = ReportJob.objects.latest("id")
    assert job.status == "queued" and job.published_at is None
    page = client.get(response["Location"], headers={"Accept-Language": "en"}).content.decode()
    assert 'data-testid="job-queue-down"' in page and "will start by itself when the queue is back" in page
    assert "worker" not in page.split('data-testid="job-queue-down"')[1].split("</div>")[0]
    # Nobody took it: "try again" accepts it (and, the broker still down, keeps it queued).
    assert client.post(f"/reports/{job.pk}/retry/").status_code == 302
    job.refresh_from_db()
    assert job.status == "queued"
