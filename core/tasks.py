from celery import shared_task

from . import jobs


@shared_task
def sweep_jobs() -> dict:
    """Celery beat runs this every minute (CELERY_BEAT_SCHEDULE): see core.jobs.sweep_all."""
    return jobs.sweep_all()
