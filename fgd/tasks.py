"""Celery tasks of fgd: thin layers over its services (a job passes only its id: core.jobs conventions)."""

from celery import shared_task
from django.utils.translation import gettext as _

from core import jobs
from fgd.models import BulkTransitionJob
from fgd.services.aspirations import bulk_job_run
from fgd.services.sessions import fgd_reminders_send


@jobs.job_task()
def bulk_transition(self, job_id: int) -> None:
    """Apply a bulk status change batch by batch (services.aspirations.bulk_job_run).

    A transient database error is retried on a fresh connection, going on from the last batch
    written; anything else fails the job with a reason the person can read and retry."""
    jobs.run_job_task(
        self, BulkTransitionJob, job_id, bulk_job_run, name="Bulk change", gave_up=_stopped, fail_other_errors=True
    )


def _stopped(error: Exception, _tries: int) -> str:
    return _(
        "The change stopped (%(reason)s). The aspirations changed so far keep their new status and "
        "their messages; try again to go on with the rest."
    ) % {"reason": type(error).__name__}


@shared_task
def send_fgd_reminders() -> int:
    """For celery beat (CELERY_BEAT_SCHEDULE): the same as `manage.py send_fgd_reminders`."""
    return fgd_reminders_send()
