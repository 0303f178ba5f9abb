"""Many messages at once: queued with a few INSERTs, rendered when sent, sent in batches over one
SMTP connection each by sender tasks that claim rows exclusively; a sender killed mid-batch sends
nothing twice. Against a real SMTP server (aiosmtpd) and, for the claims, real PostgreSQL row locks."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Message

Status = Message.Status
ROOT = Path(__file__).resolve().parents[2]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (FOR UPDATE SKIP LOCKED) exist only on PostgreSQL"
)


def _outgoing(n: int, prefix: str = "bulk", **extra) -> list[services.Outgoing]:
    return [
        services.Outgoing(
            channel="email",
            recipient=f"warga{i}@example.org",
            language="id" if i % 2 else "en",
            template="notifications/plain",
            context={"subject": f"Kabar {i}", "body": f"Isi {i}"},
            key=f"{prefix}:{i}",
            **extra,
        )
        for i in range(n)
    ]


def _wait_for(predicate, seconds=30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db
def test_queueing_many_is_one_insert_and_nothing_is_rendered_until_sent(smtp_server):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert services.messages_queue_many(_outgoing(250, unsubscribe_url="https://csr.example.org/stop/x/")) == 250
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "notifications_message"')]
    assert len(inserts) == 1
    assert Message.objects.filter(status=Status.QUEUED, body="").count() == 250
    result = services.messages_send_batch(size=100)
    assert (result.claimed, result.sent) == (100, 100)
    first = smtp_server.messages[0]
    assert first["Subject"] == "Kabar 0" and first["X-Csrplan-Key"] == "bulk:0"
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Isi 0" in first.get_content()
    sent = Message.objects.get(idempotency_key="bulk:0")
    assert (sent.status, sent.subject) == (Status.SENT, "Kabar 0")  # the outbox shows what went out
    assert "Isi 0" in sent.body


@pytest.mark.django_db
def test_one_smtp_connection_per_batch_and_each_row_marked(smtp_server):
    services.messages_queue_many(_outgoing(25))
    totals = services.messages_send_queued(size=10)
    assert totals == {"batches": 3, "sent": 25, "failed": 0, "more": 0}
    assert len(set(smtp_server.peers)) == 3  # 10 + 10 + 5 over three connections
    assert Message.objects.filter(status=Status.SENT).count() == 25


@pytest.mark.django_db
def test_the_same_keys_queued_twice_are_the_same_messages(smtp_server):
    services.messages_queue_many(_outgoing(30))
    services.messages_queue_many(_outgoing(30))
    assert Message.objects.count() == 30
    services.messages_send_queued()
    services.messages_send_queued()
    assert len(smtp_server.messages) == 30


@pytest.mark.django_db
def test_a_refused_recipient_fails_alone_and_the_batch_goes_on(smtp_server):
    services.messages_queue_many(_outgoing(5))
    Message.objects.filter(idempotency_key="bulk:2").update(recipient="nobody@refused.example.org")
    totals = services.messages_send_queued()
    assert (totals["sent"], totals["failed"]) == (4, 1)
    assert Message.objects.get(idempotency_key="bulk:2").status == Status.FAILED


@pytest.mark.django_db
def test_smtp_down_mid_batch_puts_the_untried_rest_back_in_the_queue(smtp_server, monkeypatch):
    services.messages_queue_many(_outgoing(10))
    smtp_server.stop()
    result = services.messages_send_batch(size=10)
    assert (result.claimed, result.sent) == (10, 0)
    rows = Message.objects.order_by("pk")
    assert set(rows.values_list("status", flat=True)) == {Status.QUEUED}
    assert rows[0].next_attempt_at is not None and rows[0].attempts == 1  # tried: waits for its retry
    assert all(m.next_attempt_at is None and m.attempts == 0 for m in rows[1:])  # never tried
    smtp_server.start()
    monkeypatch.setattr(services, "SWEEP_AFTER_SECONDS", -1)
    Message.objects.update(next_attempt_at=None)
    assert services.messages_send_queued()["sent"] == 10
    assert len(smtp_server.messages) == 10


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_claimers_at_once_never_get_the_same_row():
    services.messages_queue_many(_outgoing(60))
    holding, release = threading.Event(), threading.Event()
    claimed: dict[str, list[int]] = {}

    def first() -> None:
        # Claims inside a transaction that stays open: its rows stay locked while the other claims.
        try:
            with transaction.atomic():
                claimed["first"] = services.messages_claim_batch(size=25)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first)
    thread.start()
    assert holding.wait(30)
    claimed["second"] = services.messages_claim_batch(size=25)  # skips the locked rows, does not wait
    release.set()
    thread.join(30)
    assert len(claimed["first"]) == len(claimed["second"]) == 25
    assert not set(claimed["first"]) & set(claimed["second"])

    # And many claimers racing until nothing is left: every row exactly once.
    Message.objects.update(status=Status.QUEUED)
    results: list[list[int]] = []
    start = threading.Barrier(4)

    def race() -> None:
        mine: list[int] = []
        try:
            start.wait(30)
            while batch := services.messages_claim_batch(size=7):
                mine += batch
        finally:
            results.append(mine)
            connections.close_all()

    racers = [threading.Thread(target=race) for _n in range(4)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(60)
    every = [pk for mine in results for pk in mine]
    assert len(every) == len(set(every)) == 60


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_sender_killed_mid_batch_sends_nothing_twice_after_the_sweep(smtp_server, monkeypatch):
    services.messages_queue_many(_outgoing(30))
    smtp_server.hold_after = 4  # the 4th message is received, its answer never comes: then the kill
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "DJANGO_SETTINGS_MODULE": "csrplan.settings",
    }
    sender = subprocess.Popen(
        [sys.executable, "manage.py", "send_queued_messages", "--batch", "10"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: len(smtp_server.messages) >= 4)
    finally:
        sender.send_signal(signal.SIGKILL)
        sender.wait()  # reaped: its pid no longer exists
    smtp_server.release()
    assert Message.objects.filter(status=Status.SENT).count() == 3
    assert Message.objects.filter(status=Status.SENDING).count() == 7  # the 4th (received) and 6 untried

    monkeypatch.setattr(services, "SWEEP_AFTER_SECONDS", -1)
    swept = services.messages_sweep()
    assert swept["interrupted"] == 7  # its process is gone: failed at once, not resent blindly
    services.messages_send_queued()

    received = Counter(m["X-Csrplan-Key"] for m in smtp_server.messages)
    assert max(received.values()) == 1  # nothing twice
    sent = set(Message.objects.filter(status=Status.SENT).values_list("idempotency_key", flat=True))
    failed = Message.objects.filter(status=Status.FAILED)
    assert len(sent) == 23 and sent <= set(received)  # every row marked sent was received
    assert failed.count() == 7 and {m.last_error for m in failed} == {services.INTERRUPTED}
    assert len(set(received) - sent) == 1  # the one in flight when the sender died: for a person to check


@pytest.mark.django_db(transaction=True)
def test_queued_in_bulk_sent_by_the_real_worker(celery_worker, smtp_server):
    with transaction.atomic():
        services.messages_queue_many(_outgoing(120))
    assert _wait_for(lambda: Message.objects.filter(status=Status.SENT).count() == 120)
    assert Counter(m["X-Csrplan-Key"] for m in smtp_server.messages) == Counter(f"bulk:{i}" for i in range(120))
    assert settings.CELERY_TASK_ACKS_LATE


@pytest.mark.django_db
def test_the_outbox_shows_a_bulk_message_before_it_is_sent(client_for, officer):
    services.messages_queue_many(_outgoing(1))
    message = Message.objects.get()
    client = client_for(officer)
    assert "(ditulis saat dikirim)" in client.get("/notifications/outbox/").content.decode()
    page = client.get(f"/notifications/outbox/{message.pk}/").content.decode()
    assert "Kabar 0" in page and "Isi 0" in page  # rendered to show; the row stays as queued
    assert Message.objects.get().body == ""
