"""Celery tasks: a thin layer over services.message_send and the sweep."""

from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=services.MAX_ATTEMPTS)
def send_message(self, message_id: int) -> str:
    status = services.message_send(message_id=message_id)
    if status == services.Status.QUEUED and self.request.retries < self.max_retries:
        # The channel was down: the row is queued again; try later (the sweep also would).
        raise self.retry(countdown=services.retry_delay(self.request.retries + 1))
    return status


@shared_task
def sweep_messages() -> dict[str, int]:
    """For celery beat (CELERY_BEAT_SCHEDULE): the same sweep as `manage.py sweep_messages`."""
    return services.messages_sweep()
