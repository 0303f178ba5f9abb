import logging

from celery import shared_task
from django.conf import settings

from core import jobs

from .imports import TRANSIENT_ERRORS, import_job_apply
from .models import ImportJob

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def import_apply_task(self, job_id: int) -> None:
    """Write a confirmed big import in the background, all or nothing (imports.import_job_apply).

    A failure is recorded on the job, which can be retried; a transient database error is retried
    here on a fresh connection; a worker killed mid-import leaves the job to be re-claimed by the
    redelivered message or the sweep (core.jobs)."""
    try:
        import_job_apply(job_id=job_id)
    except TRANSIENT_ERRORS as error:
        jobs.drop_dead_connection()
        logger.warning("Import %s hit a transient error (try %s): %r", job_id, self.request.retries + 1, error)
        if self.request.retries < self.max_retries:
            ImportJob.requeue(job_id)
            raise self.retry(exc=error, countdown=2 * 2**self.request.retries) from error
        ImportJob.fail(job_id, str(error)[:2000])
