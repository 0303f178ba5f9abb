"""Celery tasks of the fgd app: thin layers over its services."""

from celery import shared_task

from fgd.services.sessions import fgd_reminders_send


@shared_task
def send_fgd_reminders() -> int:
    """For celery beat (CELERY_BEAT_SCHEDULE): the same as `manage.py send_fgd_reminders`."""
    return fgd_reminders_send()
