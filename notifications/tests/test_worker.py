"""The outbox with a real Celery worker (Redis broker in CI) and a real SMTP server."""

import time

import pytest
from django.db import transaction

from notifications import services, tasks
from notifications.models import Message


def _wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _queue(key: str) -> Message:
    with transaction.atomic():
        message = services.message_queue(
            channel="email",
            recipient="warga@example.org",
            language="id",
            template="notifications/plain",
            context={"subject": "Halo", "body": "Isi"},
            key=key,
        )
    assert message is not None
    return message


def test_the_commit_hands_the_message_to_the_worker_which_sends_it(celery_worker, smtp_server):
    message = _queue("worker:1")
    assert _wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)
    assert [m["Subject"] for m in smtp_server.messages] == ["Halo"]


def test_the_task_delivered_twice_sends_one_email(celery_worker, smtp_server):
    message = _queue("worker:2")
    tasks.send_message.delay(message.pk)  # a redelivery: the broker gave it out again
    assert _wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)
    time.sleep(1)
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_broker_down_at_commit_keeps_it_queued_and_the_sweep_sends_it(smtp_server, monkeypatch):
    monkeypatch.setattr(services, "SWEEP_AFTER_SECONDS", -1)
    monkeypatch.setattr(tasks.send_message, "delay", _broker_down)  # what kombu raises with Redis down
    message = _queue("worker:3")  # the commit does not fail although the broker is down
    assert Message.objects.get(pk=message.pk).status == Message.Status.QUEUED
    assert services.messages_sweep()["sent"] == 1
    assert len(smtp_server.messages) == 1


def _broker_down(*args, **kwargs):
    raise ConnectionRefusedError("broker down")
