"""What every job task does when its job breaks (core.jobs.run_job_task), through the real tasks of
reports, fgd and stakeholders run in this process (Celery's apply: the retries run here too).
Here because reports is the highest of the three floors; the real-worker journeys are in
test_jobs.py, test_pipeline.py, fgd/tests/test_bulk_job.py and stakeholders/tests/test_import*.py."""

import logging

import pytest
from django.db import OperationalError

from fgd import tasks as fgd_tasks
from fgd.models import BulkTransitionJob
from reports import tasks
from reports.models import ReportJob
from reports.tests.factories import ReportJobFactory
from stakeholders import tasks as stakeholder_tasks
from stakeholders.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _retry_at_once(monkeypatch):
    monkeypatch.setattr(tasks, "RETRY_BASE_SECONDS", 0)


def _claims_then_raises(model, errors: list[Exception]):
    """A service that claims the job as the real ones do, then raises the next error (none left: done)."""

    def run(*, job_id: int) -> None:
        token = model.claim(job_id)
        assert token is not None, "the job was not queued again before the retry"
        if errors:
            raise errors.pop(0)
        model.finish(job_id, token)

    return run


def test_a_transient_error_puts_the_job_back_in_the_queue_and_the_retry_runs_it(monkeypatch, caplog):
    job = ReportJobFactory()
    monkeypatch.setattr(
        "reports.services.report_job_run", _claims_then_raises(ReportJob, [OperationalError("server closed")])
    )

    with caplog.at_level(logging.WARNING, logger="reports.tasks"):
        result = tasks.render_report.apply(args=(job.pk,))

    assert result.successful()
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.attempts == 2 and job.error_message == ""
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("reports.tasks", f"Report job {job.pk} hit a transient error (try 1): OperationalError('server closed')")
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The document could not be stored after 4 tries (OperationalError)."),
        ("id", "Dokumen tidak dapat disimpan setelah 4 kali percobaan (OperationalError)."),
    ],
)
def test_a_transient_error_past_the_retries_fails_the_job_in_its_own_language(monkeypatch, language, expected):
    job = ReportJobFactory(language=language)
    down = [OperationalError("the database is down")] * 4
    monkeypatch.setattr("reports.services.report_job_run", _claims_then_raises(ReportJob, down))

    result = tasks.render_report.apply(args=(job.pk,))

    assert result.successful()  # failed with a reason on the row, not left running for the sweep
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.attempts == 4
    assert job.error_message.startswith(expected)


def test_any_other_error_fails_the_job_where_the_task_asks_for_it(monkeypatch):
    job = BulkTransitionJob.objects.create(to_status="accepted", aspiration_ids=[1, 2])
    monkeypatch.setattr(fgd_tasks, "bulk_job_run", _claims_then_raises(BulkTransitionJob, [ValueError("a bug")]))

    result = fgd_tasks.bulk_transition.apply(args=(job.pk,))

    assert result.successful()
    job.refresh_from_db()
    assert job.status == BulkTransitionJob.Status.FAILED and job.attempts == 1
    assert job.error_message.startswith("Perubahan terhenti (ValueError).")  # the site's language


def test_elsewhere_any_other_error_is_left_to_the_service_and_propagates(monkeypatch):
    job = ImportJob.objects.create(file_name="register.xlsx", status=ImportJob.Status.QUEUED)

    def broken(*, job_id: int) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(stakeholder_tasks, "import_job_apply", broken)

    result = stakeholder_tasks.import_apply_task.apply(args=(job.pk,))

    assert result.failed() and isinstance(result.result, ValueError)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.error_message == ""
