"""Celery tasks: a thin layer over services.message_send and the sweep."""

from celery import shared_task
from django.conf import settings

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


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_queued_messages(self) -> dict[str, int]:
    """A sender: claims queued messages a batch at a time and sends each batch over one connection.

    Redelivered after its worker died, it only claims rows still queued: the ones the dead worker
    had claimed stay `sending` until the sweep fails them for a person to check (never resent)."""
    totals = services.messages_send_queued()
    if totals["more"]:
        services.publish_senders(1)  # hand over to a fresh task: well inside the time limits
    return totals
