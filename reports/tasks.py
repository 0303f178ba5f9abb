"""Celery tasks: a thin layer that passes a job id to the service and retries transient errors."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from core import jobs

from . import services
from .models import ReportJob

logger = logging.getLogger(__name__)

MAX_RETRIES = 3
# Waits of 2, 4, 8 s between tries (tests set it to 0).
RETRY_BASE_SECONDS = 2


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_report(self, job_id: int) -> None:
    try:
        services.report_job_run(job_id=job_id)
    except services.TRANSIENT_ERRORS as error:
        # A dropped database connection stays dead inside a task: close it before the retry path
        # writes, so the next query opens a fresh one.
        jobs.drop_dead_connection()
        logger.warning("Report job %s hit a transient error (try %s): %r", job_id, self.request.retries + 1, error)
        if self.request.retries < self.max_retries:
            services.report_job_requeue(job_id=job_id)
            raise self.retry(exc=error, countdown=RETRY_BASE_SECONDS * 2**self.request.retries) from error
        language = ReportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
        with translation.override(language or settings.LANGUAGE_CODE):
            message = _(
                "The document could not be stored after %(tries)s tries (%(reason)s). Try again later; if it "
                "keeps failing, ask an administrator to check the database and file storage."
            ) % {"tries": self.request.retries + 1, "reason": type(error).__name__}
        services.report_job_fail(job_id=job_id, message=message)


@shared_task
def sweep_report_jobs() -> dict:
    """Kept for schedules that name it: the sweep of every kind of job (core.tasks.sweep_jobs)."""
    return jobs.sweep_all()
