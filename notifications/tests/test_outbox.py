"""The outbox against a real SMTP server (aiosmtpd, the root conftest's smtp_server)."""

import pytest
from django.db import transaction

from notifications import services
from notifications.models import Message

pytestmark = pytest.mark.django_db

Status = Message.Status


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(services, "RETRY_BASE_SECONDS", 0)
    monkeypatch.setattr(services, "SWEEP_AFTER_SECONDS", -1)


def _queue(key="event:1", **extra) -> Message:
    fields = {
        "channel": Message.Channel.EMAIL,
        "recipient": "warga@example.org",
        "language": "id",
        "template": "notifications/plain",
        "context": {"subject": "Halo", "body": "Isi pesan"},
        "key": key,
    } | extra
    message = services.message_queue(**fields)
    assert message is not None
    return message


def test_a_queued_message_reaches_the_smtp_server_with_its_headers(smtp_server):
    message = _queue(unsubscribe_url="https://csr.example.org/stop/abc/")
    assert services.message_send(message_id=message.pk) == Status.SENT
    [received] = smtp_server.messages
    assert received["To"] == "warga@example.org"
    assert received["Subject"] == "Halo"
    assert received["List-Unsubscribe"].strip() == "<https://csr.example.org/stop/abc/>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["X-Csrplan-Key"] == "event:1"
    assert "Isi pesan" in received.get_content()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at is not None) == (Status.SENT, 1, True)


def test_the_send_run_twice_sends_one_email(smtp_server):
    message = _queue()
    assert services.message_send(message_id=message.pk) == Status.SENT
    assert services.message_send(message_id=message.pk) == ""  # not claimed: already sent
    assert len(smtp_server.messages) == 1


def test_the_same_event_twice_queues_one_message(smtp_server):
    _queue()
    assert (
        services.message_queue(
            channel="email",
            recipient="x@example.org",
            language="id",
            template="notifications/plain",
            context={},
            key="event:1",
        )
        is None
    )
    assert Message.objects.count() == 1


def test_a_rolled_back_event_leaves_no_message():
    with pytest.raises(RuntimeError), transaction.atomic():
        _queue()
        raise RuntimeError("the event failed")
    assert not Message.objects.exists()


def test_smtp_down_keeps_it_queued_then_the_sweep_sends_it_once(smtp_server):
    message = _queue()
    smtp_server.stop()
    assert services.message_send(message_id=message.pk) == Status.QUEUED
    message.refresh_from_db()
    assert message.status == Status.QUEUED and message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    smtp_server.start()
    assert services.messages_sweep() == {"due": 1, "sent": 1, "interrupted": 0}
    assert services.messages_sweep() == {"due": 0, "sent": 0, "interrupted": 0}
    assert len(smtp_server.messages) == 1


def test_after_the_last_attempt_it_fails_with_the_reason_and_staff_can_retry(smtp_server, monkeypatch):
    monkeypatch.setattr(services, "MAX_ATTEMPTS", 2)
    message = _queue()
    smtp_server.stop()
    services.message_send(message_id=message.pk)
    assert services.message_send(message_id=message.pk) == Status.FAILED
    message.refresh_from_db()
    assert message.status == Status.FAILED and "after 2 attempts" in message.last_error
    smtp_server.start()
    assert services.message_retry(message=message)
    assert services.message_send(message_id=message.pk) == Status.SENT
    assert len(smtp_server.messages) == 1


def test_a_worker_that_died_mid_send_is_not_sent_again_automatically(smtp_server, monkeypatch):
    message = _queue()
    Message.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at="2000-01-01T00:00Z")
    assert services.messages_sweep()["interrupted"] == 1
    message.refresh_from_db()
    assert message.status == Status.FAILED and "may have gone out" in message.last_error
    assert smtp_server.messages == []


def test_stopping_updates_suppresses_what_is_still_queued(smtp_server):
    message = _queue(topic="aspiration:7")
    assert services.messages_suppress(topic="aspiration:7") == 1
    assert services.message_send(message_id=message.pk) == ""
    message.refresh_from_db()
    assert message.status == Status.SUPPRESSED
    assert smtp_server.messages == []


def test_text_messages_go_through_the_gateway(settings, tmp_path):
    settings.TEXT_GATEWAY_FILE = str(tmp_path / "texts.jsonl")
    message = _queue(channel=Message.Channel.SMS, recipient="+6281234567890")
    assert services.message_send(message_id=message.pk) == Status.SENT
    assert '"to": "+6281234567890"' in (tmp_path / "texts.jsonl").read_text()
