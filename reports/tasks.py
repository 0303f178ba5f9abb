"""Celery tasks: a thin layer that passes a job id to the service and retries transient errors."""

from celery import shared_task
from django.utils.translation import gettext as _

from core import jobs

from . import services
from .models import ReportJob

# Waits of 2, 4, 8 s between tries (tests set it to 0).
RETRY_BASE_SECONDS = 2


@jobs.job_task()
def render_report(self, job_id: int) -> None:
    jobs.run_job_task(
        self,
        ReportJob,
        job_id,
        services.report_job_run,
        name="Report job",
        gave_up=_not_stored,
        transient=services.TRANSIENT_ERRORS,
        retry_base_seconds=RETRY_BASE_SECONDS,
    )


def _not_stored(error: Exception, tries: int) -> str:
    return _(
        "The document could not be stored after %(tries)s tries (%(reason)s). Try again later; if it "
        "keeps failing, ask an administrator to check the database and file storage."
    ) % {"tries": tries, "reason": type(error).__name__}


@shared_task
def sweep_report_jobs() -> dict:
    """Kept for schedules that name it: the sweep of every kind of job (core.tasks.sweep_jobs)."""
    return jobs.sweep_all()
