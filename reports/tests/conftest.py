"""A real Celery worker for the report tests, consuming from the configured broker.

The worker runs in a thread of the test process (celery's own testing worker), so it reaches
the same test database as the test and the live server: SQLite's shared in-memory database or
the PostgreSQL test database. Tests that use it commit their data (transactional tests).
Set CELERY_BROKER_URL to your own Redis database to test on Redis.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connections

from csrplan.celery import app
from reports import tasks
from reports.models import ReportJob


def _close_worker_connections(**kwargs) -> None:
    # The worker thread's own connections: closed after each task so that the test database
    # can be dropped at the end (PostgreSQL refuses while a connection is open).
    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db, monkeypatch):
    monkeypatch.setattr(tasks, "RETRY_BASE_SECONDS", 0)
    # The configured broker, whatever an earlier test left in the app's configuration.
    monkeypatch.setattr(app.conf, "broker_url", settings.CELERY_BROKER_URL)
    app.control.purge()  # messages left by earlier runs must not reach this test's worker
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=60) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)


def wait_for_job(job_id: int, *, timeout: float = 180) -> ReportJob:
    """Polls the row until the worker has finished with it (done or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"report job {job_id} still {job.status} after {timeout} s")
