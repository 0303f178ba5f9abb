"""Celery tasks of fgd: thin layers over its services (a job passes only its id: core.jobs conventions)."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from core import jobs
from fgd.models import BulkTransitionJob
from fgd.services.aspirations import bulk_job_run
from fgd.services.sessions import fgd_reminders_send

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def bulk_transition(self, job_id: int) -> None:
    """Apply a bulk status change batch by batch (services.aspirations.bulk_job_run).

    A transient database error is retried on a fresh connection, going on from the last batch
    written; anything else fails the job with a reason the person can read and retry."""
    try:
        bulk_job_run(job_id=job_id)
    except TRANSIENT_ERRORS as error:
        jobs.drop_dead_connection()
        logger.warning("Bulk change %s hit a transient error (try %s): %r", job_id, self.request.retries + 1, error)
        if self.request.retries < self.max_retries:
            BulkTransitionJob.requeue(job_id)
            raise self.retry(exc=error, countdown=2 * 2**self.request.retries) from error
        BulkTransitionJob.fail(job_id, _stopped(error))
    except Exception as error:
        logger.exception("Bulk change %s failed", job_id)
        BulkTransitionJob.fail(job_id, _stopped(error))


def _stopped(error: Exception) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "The change stopped (%(reason)s). The aspirations changed so far keep their new status and "
            "their messages; try again to go on with the rest."
        ) % {"reason": type(error).__name__}


@shared_task
def send_fgd_reminders() -> int:
    """For celery beat (CELERY_BEAT_SCHEDULE): the same as `manage.py send_fgd_reminders`."""
    return fgd_reminders_send()
