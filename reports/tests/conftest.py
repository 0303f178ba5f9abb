"""The report tests' worker: the project's real Celery worker (root conftest), retrying at once."""

import time

import pytest

from reports import tasks
from reports.models import ReportJob


@pytest.fixture
def celery_worker(celery_worker, monkeypatch):
    monkeypatch.setattr(tasks, "RETRY_BASE_SECONDS", 0)
    return celery_worker


def wait_for_job(job_id: int, *, timeout: float = 180) -> ReportJob:
    """Polls the row until the worker has finished with it (done or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"report job {job_id} still {job.status} after {timeout} s")
