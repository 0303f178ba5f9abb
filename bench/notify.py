"""Notifications at scale (issue 13): a bulk status change of 10,000 aspirations whose submitters gave
an e-mail and consent, through the real web, a real Celery worker on Redis and a real SMTP server.

    .venv/bin/python -m bench.notify          # alone: its own scratch database (~2-4 min)
    BENCH_QUICK=1 .venv/bin/python -m bench.notify   # 2,000 aspirations

`make bench` runs it as its "notifications" part on the benchmark's database. Printed:
- the web request (POST /aspirations/bulk/ "accept every aspiration matching the filters") through
  gunicorn: it records a job and answers with the job page (the work is queued);
- the time to queue the messages: in process, `messages_queue_many` of N rows (one transaction,
  rolled back) and the set-based transition of all N with their history and messages (rolled
  back); then, for real, from the request until the worker's job has changed every aspiration
  and written every message row;
- the send rate to the local SMTP server (aiosmtpd in this process, counting every message by its
  idempotency key and its Message-ID), and lost (a message row whose e-mail never arrived) and
  duplicated (an e-mail that arrived more than once): both must be 0.

Broker: CELERY_BROKER_URL when it is Redis, else a redis-server of our own (bench.stack.Redis).
Ports: gunicorn on BENCH_NOTIFY_PORT (8108), SMTP on the first free port from 2525.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
from collections import Counter
from contextlib import ExitStack
from email.parser import BytesHeaderParser
from pathlib import Path

from .server import ROOT, Server

QUICK = os.environ.get("BENCH_QUICK", "").lower() in ("1", "true", "yes")
COUNT = int(os.environ.get("BENCH_NOTIFY_COUNT", "2000" if QUICK else "10000"))
PORT = int(os.environ.get("BENCH_NOTIFY_PORT", "8108"))
WORKER_CONCURRENCY = int(os.environ.get("BENCH_NOTIFY_WORKERS", "2"))
MARKER = "Penerangan jalan notifikasi"  # the bench's own aspirations, found by the queue's search
OUT = ROOT / "var" / "bench"


def log(message: str = "") -> None:
    print(message, flush=True)


class Inbox:
    """A real SMTP server (aiosmtpd) that counts what it receives, by key and by Message-ID."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.keys: Counter[str] = Counter()
        self.message_ids: Counter[str] = Counter()
        self.first_at: float | None = None
        self.last_at: float | None = None
        self._lock = threading.Lock()
        self._parser = BytesHeaderParser()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        headers = self._parser.parsebytes(envelope.content)
        now = time.perf_counter()
        with self._lock:
            self.keys[headers.get("X-Csrplan-Key", "")] += 1
            self.message_ids[headers.get("Message-ID", "")] += 1
            self.first_at = self.first_at or now
            self.last_at = now
        return "250 Message accepted for delivery"

    @property
    def received(self) -> int:
        return sum(self.keys.values())

    def __enter__(self) -> Inbox:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.controller is not None:
            self.controller.stop()


def free_smtp_port(candidates=range(2525, 2600)) -> int:
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the SMTP server in 2525-2599")


def create_aspirations(count: int) -> list[int]:
    """`count` received aspirations from the public form, each with an e-mail and consent."""
    from django.db import transaction
    from django.utils import timezone

    from fgd.models import Aspiration
    from fgd.services.aspirations import new_tracking_code
    from stakeholders.services import PRIVACY_NOTICE_VERSION

    now = timezone.now()
    codes: set[str] = set(Aspiration.objects.values_list("tracking_code", flat=True))
    rows = []
    for i in range(count):
        code = new_tracking_code()
        while code in codes:
            code = new_tracking_code()
        codes.add(code)
        rows.append(
            Aspiration(
                tracking_code=code,
                title=f"{MARKER} RT {i}",
                description="Jalan gelap di malam hari; warga minta lampu penerangan.",
                source=Aspiration.Source.PUBLIC_FORM,
                status=Aspiration.Status.RECEIVED,
                submitter_name=f"Warga Bench {i}",
                submitter_email=f"warga{i}@bench-notify.example.org",
                contact_language="en" if i % 5 == 0 else "id",
                consent_given_at=now,
                consent_notice_version=PRIVACY_NOTICE_VERSION,
            )
        )
    with transaction.atomic():
        created = Aspiration.objects.bulk_create(rows, batch_size=2000)
    return [a.pk for a in created]


class _Rollback(Exception):
    pass


def in_process_queue_figures(ids: list[int]) -> dict:
    """The queueing alone, in this process, rolled back: the INSERT of N messages, and the set-based
    transition of N aspirations with their history rows and messages in one transaction."""
    from django.db import transaction

    from fgd.models import Aspiration
    from fgd.services.aspirations import aspiration_transition_many
    from notifications.services import Outgoing, messages_queue_many

    figures: dict = {}
    messages = [
        Outgoing(
            channel="email",
            recipient=f"warga{i}@bench-notify.example.org",
            language="id",
            template="fgd/notices/status",
            context={"code": f"ASP-{i}", "title": MARKER, "status": "accepted", "note": ""},
            key=f"bench:queue-only:{i}",
            topic=f"aspiration:{pk}",
        )
        for i, pk in enumerate(ids)
    ]
    try:
        with transaction.atomic():
            started = time.perf_counter()
            messages_queue_many(messages)
            figures["queue_many_s"] = round(time.perf_counter() - started, 2)
            raise _Rollback
    except _Rollback:
        pass
    try:
        with transaction.atomic():
            started = time.perf_counter()
            result = aspiration_transition_many(ids=ids, to_status=Aspiration.Status.ACCEPTED)
            figures["transition_many_s"] = round(time.perf_counter() - started, 2)
            figures["transition_many_done"] = result.done
            raise _Rollback
    except _Rollback:
        pass
    return figures


def _broker(stack: ExitStack) -> str:
    configured = os.environ.get("CELERY_BROKER_URL", "")
    if configured.startswith("redis://"):
        return configured
    from .stack import Redis, free_port

    redis = Redis(port=free_port(), log_path=OUT / "notify-redis.log").start()
    stack.callback(redis.stop)
    return redis.url


def run(*, count: int = COUNT, port: int = PORT, log=log) -> dict:
    """The measurement, on the database Django is set up with (bench-officer must exist)."""
    from django.db import connection

    from fgd.models import BulkTransitionJob
    from notifications.models import Message

    from .generate import BENCH_PASSWORD
    from .stack import Worker

    # The machine may be shared: the load says how much the wall-clock figures are inflated.
    result: dict = {"aspirations": count, "engine": connection.vendor, "load_at_start": round(os.getloadavg()[0], 1)}
    # Messages queued by earlier parts (the burst's receipts) are not this part's: kept out of its figures.
    Message.objects.filter(status=Message.Status.QUEUED).update(
        status=Message.Status.SUPPRESSED, last_error="bench: not part of the notification figures"
    )
    ids = create_aspirations(count)
    log(f"  {count:,} aspirations with an e-mail and consent created")
    result.update(in_process_queue_figures(ids))
    log(
        f"  in process (rolled back): messages_queue_many of {count:,}: {result['queue_many_s']} s; "
        f"{count:,} transitions + history + messages: {result['transition_many_s']} s"
    )
    saved_env = dict(os.environ)
    with ExitStack() as stack:
        stack.callback(lambda: (os.environ.clear(), os.environ.update(saved_env)))
        inbox = stack.enter_context(Inbox(free_smtp_port()))
        os.environ.update(
            CELERY_BROKER_URL=_broker(stack),
            EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}",
            EMAIL_TIMEOUT="30",
            ASPIRATION_BULK_BACKGROUND="200",  # the default: 10,000 is a job for the worker
        )
        for old in ("notify-worker.log", "notify-gunicorn.log"):
            (OUT / old).unlink(missing_ok=True)  # the worker is "ready" when its own log says so
        worker = Worker(log_path=OUT / "notify-worker.log", concurrency=WORKER_CONCURRENCY, name="notify").start()
        stack.callback(worker.stop)
        server = stack.enter_context(Server(port=port, workers=2, log_path=OUT / "notify-gunicorn.log"))
        client = server.client(timeout=60)
        if not client.login("bench-officer", BENCH_PASSWORD):
            raise RuntimeError("could not log in as bench-officer")
        query = urllib.parse.urlencode({"q": MARKER, "status": "received"})
        client.get(f"/aspirations/?{query}")  # the queue page: its CSRF cookie, as a person has it
        data = {"everything": "on", "query": query, "action": "accepted", "next": ""}
        started = time.perf_counter()
        response = client.post("/aspirations/bulk/", data, referer="/aspirations/")
        result["request_ms"] = round(response.seconds * 1000, 1)
        location = response.location
        result["answer"] = f"{response.status} → {location}"
        if response.status != 302 or "/aspirations/bulk/" not in location:
            raise RuntimeError(f"the bulk request answered {response.status} {location!r}")
        result["job_page_status"] = client.get(location).status
        log(f"  web request: {result['request_ms']} ms, answered {result['answer']}")
        job = BulkTransitionJob.objects.order_by("-pk").first()
        messages = Message.objects.filter(topic__startswith="aspiration:", template="fgd/notices/status")
        queued_at = done_at = None
        deadline, last_progress, seen = time.monotonic() + 1800, time.monotonic(), -1
        while time.monotonic() < deadline:
            now = time.perf_counter()
            if queued_at is None and messages.count() >= count:
                queued_at = now
            job.refresh_from_db()
            if done_at is None and job.is_finished:
                done_at = now
            if inbox.received != seen:
                seen, last_progress = inbox.received, time.monotonic()
            if inbox.received >= count and done_at is not None:
                break
            if time.monotonic() - last_progress > 120:
                log("  nothing arrived for 120 s: stopping the wait")
                break
            time.sleep(0.25)
        time.sleep(3)  # anything sent twice would arrive now
        client.close()
        result["job_status"] = job.status
        result["job_done"], result["job_refused"] = job.done, len(job.skipped)
        result["queued_s"] = round(queued_at - started, 2) if queued_at else None
        result["job_s"] = round(done_at - started, 2) if done_at else None
        received = inbox.received
        result["received"] = received
        if inbox.first_at and inbox.last_at:
            result["send_window_s"] = round(inbox.last_at - inbox.first_at, 2)
            result["send_rate_per_s"] = round(received / max(inbox.last_at - inbox.first_at, 1e-6), 1)
            result["end_to_end_s"] = round(inbox.last_at - started, 2)
        keys = set(messages.values_list("idempotency_key", flat=True))
        result["message_rows"] = len(keys)
        result["sent_rows"] = messages.filter(status=Message.Status.SENT).count()
        result["lost"] = len(keys - set(inbox.keys))
        result["duplicated"] = sum(n - 1 for n in inbox.keys.values() if n > 1)
        result["duplicated_message_ids"] = sum(n - 1 for n in inbox.message_ids.values() if n > 1)
        result["worker_concurrency"] = WORKER_CONCURRENCY
        result["load_at_end"] = round(os.getloadavg()[0], 1)
    ok = result["lost"] == 0 and result["duplicated"] == 0 and result["message_rows"] == count
    result["status"] = "ok" if ok else f"failed: {result['lost']} lost, {result['duplicated']} duplicated"
    return result


def print_table(r: dict, *, log=log) -> None:
    log("")
    if "request_ms" not in r:
        log(f"Notifications: {r.get('status')}")
        return
    n = r["aspirations"]
    log(
        f"Notifications: bulk status change of {n:,} aspirations with contact data ({r['engine']}, load average "
        f"{r.get('load_at_start')} at start, {r.get('load_at_end')} at end)"
    )
    log(f"  web request (gunicorn) answered in {r['request_ms']} ms with the job page ({r['answer']})")
    log(
        f"  queueing {n:,} messages: messages_queue_many {r['queue_many_s']} s in process; {n:,} transitions + "
        f"history + messages {r['transition_many_s']} s in process; through the worker's job, every message row "
        f"written {r['queued_s']} s after the request (job {r['job_status']} at {r['job_s']} s, "
        f"{r['job_done']:,} changed, {r['job_refused']} refused)"
    )
    log(
        f"  sent to the local SMTP server: {r.get('received', 0):,} in {r.get('send_window_s')} s = "
        f"{r.get('send_rate_per_s')}/s (worker concurrency {r['worker_concurrency']}; last one "
        f"{r.get('end_to_end_s')} s after the request)"
    )
    log(
        f"  lost {r['lost']} · duplicated {r['duplicated']} (by Message-ID {r['duplicated_message_ids']}) · "
        f"rows {r['message_rows']:,}, marked sent {r['sent_rows']:,} · {r['status']}"
    )


def main() -> int:
    import json

    from .server import production_like_env, scratch_database

    db = scratch_database("notify")
    os.environ.update(production_like_env(db, "notify", AXES_FAILURE_LIMIT="1000"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from .generate import Generator

    try:
        log(f"Notifications benchmark on {db.label}: migrate, collectstatic, users …")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        Generator(log=log).users()
        result = run()
        print_table(result)
        OUT.mkdir(parents=True, exist_ok=True)
        path = Path(os.environ.get("BENCH_OUTPUT", OUT / "notify.json"))
        path.write_text(json.dumps(result, indent=2))
        log(f"\nSaved {path}")
        return 0 if result["status"] == "ok" else 1
    finally:
        if os.environ.get("BENCH_KEEP_DATABASE", "").lower() not in ("1", "true", "yes"):
            from django.db import connections

            connections.close_all()
            db.drop()


if __name__ == "__main__":
    import sys

    sys.exit(main())
