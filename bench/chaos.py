"""`make chaos`: faults injected into the production-like stack, and what became of the work.

The stack of `make parity` (bench/stack.py: gunicorn with DEBUG off, a celery worker, PostgreSQL
scratch database, one Redis of its own as broker and another as cache), all on 127.0.0.1. Each
fault is bounded in count and time:

- a worker's pool process SIGKILLed mid-render (twice), the whole worker SIGKILLed mid-render and
  restarted, the whole worker SIGKILLed mid-import (a generated 3,000-row XLSX) and restarted;
- the broker stopped during report requests and an import confirmation, then started again;
- the cache stopped during public form posts and tracking page views, then started again;
- database connections terminated (pg_terminate_backend) every 1.5 s under load for 12 s;
- a 300 MB attachment streamed to the public form; hostile files posted to it.

"got through": the job finished (done), the submission is stored and its code shown, the page
answered 200, the hostile file was refused. "failed": a job failed with a reason, a request was
refused with a message (the citizen can act on it). "lost": the work is gone without a word: a
5xx or a dropped connection on a submission, a code shown for nothing stored, a request whose job
never appeared. "stuck": a job still queued or running 2 minutes after its fault ended.
The goal (issue 16) is 0 lost, 0 stuck, 0 5xx on public pages. Prints the table, saves
var/chaos/results.json. Exit status 0 whatever the figures: it measures, it does not gate.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import re
import signal
import struct
import sys
import threading
import time
import uuid
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .burst import SUBMIT_PATH, fill_public_form, public_form
from .http import TRACKING_CODE, Client, parse_forms
from .parity import request_pdf
from .stack import DEMO_PASSWORD, Stack, Worker, setup_django

STUCK_AFTER_S = 120
OUT_JSON = "results.json"


def log(message: str = "") -> None:
    print(message, flush=True)


@dataclass
class Row:
    fault: str
    tries: int = 0
    got_through: int = 0
    failed: int = 0
    lost: int = 0
    stuck: int | None = None  # None: no background job involved
    public_5xx: int | None = None  # None: no public page involved
    notes: list[str] = field(default_factory=list)
    jobs: list[tuple[str, int]] = field(default_factory=list)  # ("report"|"import", id) judged at the end
    fault_ended: float = 0.0


ROWS: list[Row] = []


# --- Database reads from here (the connection may have been terminated: reopen) --------------
def db(fn):
    from django.db import connections
    from django.db.utils import InterfaceError, OperationalError

    for attempt in range(5):
        try:
            return fn()
        except (OperationalError, InterfaceError):
            connections.close_all()
            if attempt == 4:
                raise
            time.sleep(0.5)
    return None


def report_status(job_id: int) -> str:
    from reports.models import ReportJob

    return db(lambda: ReportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()) or "missing"


def import_status(job_id: int) -> str:
    from stakeholders.models import ImportJob

    return db(lambda: ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()) or "missing"


def wait_until(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def staff(stack: Stack) -> Client:
    client = stack.client(timeout=60)
    if not client.login("manager", DEMO_PASSWORD):
        raise RuntimeError("cannot log in as manager")
    return client


# --- Workers killed ------------------------------------------------------------------------
def kill_pool_child_mid_render(stack: Stack, tries: int = 2) -> None:
    row = Row("worker pool process SIGKILLed mid-render")
    client = staff(stack)
    for _ in range(tries):
        row.tries += 1
        job_id, _target = request_pdf(client, "plan_pdf")
        row.jobs.append(("report", job_id))
        if not wait_until(lambda j=job_id: report_status(j) == "running", 60):
            row.notes.append(f"#{job_id} never ran")
            continue
        time.sleep(1)
        for pid in stack.worker.children():
            _kill(pid)
        wait_until(lambda: len(stack.worker.children()) >= stack.worker.concurrency, 20)
    row.fault_ended = time.monotonic()
    ROWS.append(row)


def kill_worker_mid_render(stack: Stack) -> None:
    row = Row("whole worker SIGKILLed mid-render, restarted", tries=1)
    client = staff(stack)
    job_id, _target = request_pdf(client, "plan_pdf")
    row.jobs.append(("report", job_id))
    if wait_until(lambda: report_status(job_id) == "running", 60):
        time.sleep(1)
        restart_worker(stack, signal.SIGKILL)
    else:
        row.notes.append(f"#{job_id} never ran")
    row.fault_ended = time.monotonic()
    ROWS.append(row)


def restart_worker(stack: Stack, sig: int) -> None:
    stack.worker.stop(sig=sig)
    stack.worker = Worker(log_path=stack.worker.log_path, concurrency=stack.worker.concurrency, beat=stack.beat).start()


def _kill(pid: int) -> None:
    import os

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = f"----chaos{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        out.write(head.encode("utf-8", "surrogateescape") + content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def post_multipart(client: Client, path: str, fields: dict, files: dict, referer: str):
    body, content_type = multipart(fields, files)
    headers = {
        "Content-Type": content_type,
        "Referer": f"http://{client.host}:{client.port}{referer}",
        "Origin": f"http://{client.host}:{client.port}",
    }
    return client.request("POST", path, body=body, headers=headers)


def upload_import(client: Client, rows: int) -> int | None:
    """Uploads a generated XLSX to the import page; returns the import job id after its preview."""
    from stakeholders import imports

    from .imports import build_xlsx

    content = db(lambda: build_xlsx(rows, list(imports.COLUMNS)))
    page = client.get("/stakeholders/import/")
    form = next(f for f in parse_forms(page.text) if "file" in f.names)
    fields = {k: v for k, v in form.defaults().items() if k != "file"}
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    files = {"file": (f"chaos-{uuid.uuid4().hex[:6]}.xlsx", content, xlsx)}
    response = post_multipart(client, form.action or "/stakeholders/import/", fields, files, "/stakeholders/import/")
    match = re.search(r"/stakeholders/import/(\d+)/", response.location)
    return int(match.group(1)) if response.status == 302 and match else None


def confirm_import(client: Client, job_id: int):
    path = f"/stakeholders/import/{job_id}/"
    page = client.get(path)
    form = next((f for f in parse_forms(page.text) if f.action.endswith("/confirm/")), None)
    data = form.defaults() if form else {}
    return client.post(f"{path}confirm/", list(data.items()), referer=path)


def kill_worker_mid_import(stack: Stack, rows: int = 3000) -> None:
    row = Row(f"whole worker SIGKILLed mid-import ({rows:,} rows), restarted", tries=1)
    client = staff(stack)
    job_id = upload_import(client, rows)
    if job_id is None or import_status(job_id) != "ready":
        row.notes.append(f"upload/preview failed (job {job_id}, {import_status(job_id) if job_id else '-'})")
        row.lost += 1
        ROWS.append(row)
        return
    row.jobs.append(("import", job_id))
    response = confirm_import(client, job_id)
    if response.status >= 500:
        row.notes.append(f"confirm answered {response.status}")

    def half_way() -> bool:
        from stakeholders.models import ImportJob

        processed = db(lambda: ImportJob.objects.filter(pk=job_id).values_list("processed", flat=True).first())
        return import_status(job_id) == "running" and (processed or 0) > 0

    if wait_until(half_way, 90, step=0.1):
        restart_worker(stack, signal.SIGKILL)
        row.notes.append("killed while running")
    else:
        row.notes.append(f"never seen running half-way ({import_status(job_id)})")
    row.fault_ended = time.monotonic()
    ROWS.append(row)


# --- Broker stopped ------------------------------------------------------------------------
def broker_down_during_requests(stack: Stack, tries: int = 2) -> None:
    row = Row("broker stopped: report requests + an import confirmation")
    client = staff(stack)
    import_id = upload_import(client, 600)  # over the background threshold (500)
    from reports.models import ReportJob

    before = db(lambda: set(ReportJob.objects.values_list("pk", flat=True)))
    stack.broker.stop()
    try:
        for _ in range(tries):
            row.tries += 1
            page = client.get("/reports/")
            form = next(f for f in parse_forms(page.text) if f.defaults().get("kind") == "fgd_minutes_pdf")
            target = next(v for v, _ in next(f for f in form.fields if f.name == "target").options if v)
            data = form.defaults() | {"target": target, "language": "id"}
            started = time.monotonic()
            response = client.post(form.action, list(data.items()), referer="/reports/")
            row.notes.append(f"request → {response.status} in {time.monotonic() - started:.1f} s")
        if import_id:
            row.tries += 1
            response = confirm_import(client, import_id)
            row.notes.append(f"import confirm → {response.status}")
            row.jobs.append(("import", import_id))
    finally:
        stack.broker.start()
    new = db(lambda: set(ReportJob.objects.values_list("pk", flat=True))) - before
    row.jobs += [("report", pk) for pk in sorted(new)]
    row.lost += max(0, tries - len(new))  # a request that left no job at all
    row.fault_ended = time.monotonic()
    ROWS.append(row)


# --- Cache stopped -------------------------------------------------------------------------
def submit_public(port: int, marker: str, attachment=None) -> tuple[str, int, str | None]:
    """One citizen: GET the form, POST it. Returns (outcome, status, code)."""
    client = Client("127.0.0.1", port, timeout=60)
    try:
        page = client.get(SUBMIT_PATH)
        if page.status >= 500:
            return "5xx", page.status, None
        form = public_form(page.text)
        if form is None:
            return "refused", page.status, None
        data = fill_public_form(form, title=f"{marker} usulan jalan", description=f"{marker} perbaikan jalan kampung")
        if attachment is None:
            response = client.post(form.action or SUBMIT_PATH, list(data.items()), referer=SUBMIT_PATH)
        else:
            response = post_multipart(client, form.action or SUBMIT_PATH, data, {"attachment": attachment}, SUBMIT_PATH)
        if response.status >= 500:
            return "5xx", response.status, None
        if response.status in (302, 303):
            thanks = client.get(response.location)
            if thanks.status >= 500:
                return "5xx", thanks.status, None
            found = TRACKING_CODE.search(thanks.text)
            return ("accepted", 200, found.group(0)) if found else ("refused", thanks.status, None)
        return "refused", response.status, None
    except (OSError, http.client.HTTPException) as error:
        return f"dropped ({type(error).__name__})", 0, None
    finally:
        client.close()


def judge_submissions(row: Row, outcomes: list[tuple[str, int, str | None]], marker: str) -> None:
    from fgd.models import Aspiration

    stored_codes = set(
        db(lambda: list(Aspiration.objects.filter(title__startswith=marker).values_list("tracking_code", flat=True)))
    )
    for outcome, status, code in outcomes:
        row.tries += 1
        if status >= 500:
            row.public_5xx = (row.public_5xx or 0) + 1
        if outcome == "accepted" and code in stored_codes:
            row.got_through += 1
        elif outcome == "refused":
            row.failed += 1
        else:
            row.lost += 1
    shown = {code for _o, _s, code in outcomes if code}
    stored_unseen = len(stored_codes - shown)
    if stored_unseen:
        row.notes.append(f"{stored_unseen} stored while the citizen saw an error")


def tracking_views(port: int, codes: list[str], row: Row) -> None:
    client = Client("127.0.0.1", port, timeout=30)
    for code in codes:
        row.tries += 1
        try:
            response = client.get(f"/aspirations/track/{code}/")
        except (OSError, http.client.HTTPException):
            row.lost += 1
            continue
        if response.status == 200:
            row.got_through += 1
        elif response.status >= 500:
            row.public_5xx = (row.public_5xx or 0) + 1
            row.failed += 1
        else:
            row.failed += 1
    client.close()


def known_codes(n: int) -> list[str]:
    from fgd.models import Aspiration

    return db(lambda: list(Aspiration.objects.exclude(tracking_code="").values_list("tracking_code", flat=True)[:n]))


def cache_down(stack: Stack, posts: int = 3, views: int = 3) -> None:
    posts_row = Row("cache stopped: public form posts", public_5xx=0)
    views_row = Row("cache stopped: tracking page views (valid codes)", public_5xx=0)
    marker = f"CHAOS-CACHE-{uuid.uuid4().hex[:6]}"
    codes = known_codes(views)
    stack.cache.stop()
    try:
        outcomes = [submit_public(stack.port, marker) for _ in range(posts)]
        tracking_views(stack.port, codes, views_row)
    finally:
        stack.cache.start()
    judge_submissions(posts_row, outcomes, marker)
    views_row.notes.append("lost: –")
    ROWS.extend([posts_row, views_row])


# --- Database connections terminated under load ----------------------------------------------
def terminate_db_under_load(stack: Stack, seconds: float = 12, every: float = 1.5) -> None:
    import psycopg2

    from .server import _pg_name

    row = Row("DB connections terminated every 1.5 s under load (12 s)", public_5xx=0)
    views_row = Row("  … tracking/landing views during it", public_5xx=0)
    marker = f"CHAOS-DB-{uuid.uuid4().hex[:6]}"
    client = staff(stack)
    job_id, _t = request_pdf(client, "fgd_minutes_pdf")
    job2, _t = request_pdf(client, "plan_pdf")
    row.jobs += [("report", job_id), ("report", job2)]
    row.tries += 2
    codes = known_codes(5)
    outcomes: list = []
    stop = threading.Event()

    def citizens() -> None:
        while not stop.is_set():
            outcomes.append(submit_public(stack.port, marker))

    def readers() -> None:
        while not stop.is_set():
            tracking_views(stack.port, codes[:2] or ["ASP-2222-2222"], views_row)
            try:
                response = Client("127.0.0.1", stack.port, timeout=30).get("/")
                views_row.tries += 1
                if response.status == 200:
                    views_row.got_through += 1
                else:
                    views_row.failed += 1
                    if response.status >= 500:
                        views_row.public_5xx += 1
            except (OSError, http.client.HTTPException):
                views_row.tries += 1
                views_row.lost += 1

    threads = [threading.Thread(target=citizens), threading.Thread(target=readers)]
    for t in threads:
        t.start()
    admin = psycopg2.connect(dbname="postgres", user="postgres", host="127.0.0.1")
    admin.autocommit = True
    terminated = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            time.sleep(every)
            with admin.cursor() as cur:
                cur.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [_pg_name(stack.db.url)],
                )
                terminated += cur.fetchone()[0]
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=70)
        admin.close()
    judge_submissions(row, outcomes, marker)
    row.notes.append(f"{terminated} connections terminated; 2 PDF jobs + {len(outcomes)} public posts")
    row.fault_ended = time.monotonic()
    ROWS.extend([row, views_row])


# --- Uploads -------------------------------------------------------------------------------
def oversized_upload(stack: Stack, megabytes: int = 300) -> None:
    row = Row(f"{megabytes} MB attachment streamed to the public form", tries=1, public_5xx=0)
    client = Client("127.0.0.1", stack.port, timeout=60)
    page = client.get(SUBMIT_PATH)
    form = public_form(page.text)
    data = fill_public_form(form, title="CHAOS besar", description="CHAOS lampiran sangat besar")
    boundary = f"----chaos{uuid.uuid4().hex}"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in data.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    chunk = b"0" * (1 << 20)
    size = len(head) + megabytes * len(chunk) + len(tail)
    sent = [0]

    def body():
        yield head
        for _ in range(megabytes):
            sent[0] += len(chunk)
            yield chunk
        yield tail

    tmp = Path(stack.env["TMPDIR"])
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            total = sum(f.stat().st_size for f in tmp.rglob("*") if f.is_file()) if tmp.exists() else 0
            peak[0] = max(peak[0], total)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    conn = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=60)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(size),
        "Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
        "Referer": f"http://127.0.0.1:{stack.port}{SUBMIT_PATH}",
        "Origin": f"http://127.0.0.1:{stack.port}",
    }
    started = time.monotonic()
    status = 0
    try:
        conn.request("POST", form.action or SUBMIT_PATH, body=body(), headers=headers)
        status = conn.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        row.notes.append(f"connection: {type(error).__name__}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            status = conn.getresponse().status
    finally:
        done.set()
        watcher.join()
        conn.close()
    elapsed = time.monotonic() - started
    early = peak[0] < 2 * 5 * 1024 * 1024  # never more than twice the attachment limit on disk
    if status >= 500 or status == 0:
        row.public_5xx += status >= 500
        row.lost += 1
    elif early:
        row.got_through += 1  # refused before the body was read
    else:
        row.failed += 1  # refused, but only after the whole body was written to disk (issue 16, finding 6)
    row.notes.append(
        f"HTTP {status} after {elapsed:.1f} s; {sent[0] >> 20} MB sent; peak {peak[0] >> 20} MB in the web's temp dir"
    )
    ROWS.append(row)


def png(width: int, height: int, *, fill: bytes = b"\x00") -> bytes:
    """A grayscale PNG, compressed in pieces (a decompression bomb without using the memory)."""
    compressor = zlib.compressobj(9)
    line = b"\x00" + fill * width
    data = b"".join(compressor.compress(line) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


HOSTILE = [
    ("HTML named .pdf", "minutes.pdf", b"<html><script>alert(1)</script></html>", "application/pdf", False),
    ("PHP named .jpg", "shell.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg", False),
    (
        "SVG with script named .png",
        "x.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
        "image/png",
        False,
    ),
    (
        "PDF with JavaScript",
        "js.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF",
        "application/pdf",
        None,
    ),
    ("PNG decompression bomb (20,000² px)", "bomb.png", None, "image/png", False),
    ("valid PNG, name '../../x<NUL>.png'", "../../x\x00.png", None, "image/png", True),
]


def hostile_files(stack: Stack) -> None:
    row = Row("hostile files to the public form", public_5xx=0)
    marker = f"CHAOS-FILE-{uuid.uuid4().hex[:6]}"
    accepted = []
    for label, filename, content, content_type, acceptable in HOSTILE:
        if content is None:
            content = png(20000, 20000) if "bomb" in label else png(1, 1)
        outcome, status, code = submit_public(
            stack.port, f"{marker}-{len(accepted)}", (filename, content, content_type)
        )
        row.tries += 1
        if status >= 500 or outcome.startswith("dropped"):
            row.public_5xx += status >= 500
            row.lost += 1
            row.notes.append(f"{label}: {outcome} {status}")
        elif outcome == "accepted" and acceptable is False:
            accepted.append(label)
            row.failed += 1
        else:
            row.got_through += 1
    if accepted:
        row.notes.append("accepted: " + ", ".join(accepted))
    ROWS.append(row)


# --- Recovery ------------------------------------------------------------------------------
def judge_jobs() -> None:
    """Each job must be done or failed (with a reason) within 2 minutes of its fault's end."""
    pending = [(row, kind, job_id) for row in ROWS for kind, job_id in row.jobs]
    if not pending:
        return
    last_deadline = max(row.fault_ended for row in ROWS if row.jobs) + STUCK_AFTER_S

    def finished(kind: str, job_id: int) -> bool:
        status = report_status(job_id) if kind == "report" else import_status(job_id)
        return status in ("done", "failed", "invalid")

    log(f"  waiting up to {max(0, last_deadline - time.monotonic()):.0f} s for the jobs to finish or fail …")
    wait_until(lambda: all(finished(k, j) for _r, k, j in pending), max(0, last_deadline - time.monotonic()), step=2)
    for row in ROWS:
        if not row.jobs:
            continue
        row.stuck = 0
        for kind, job_id in row.jobs:
            status = report_status(job_id) if kind == "report" else import_status(job_id)
            if status == "done":
                row.got_through += 1
            elif status in ("failed", "invalid"):
                row.failed += 1
            elif status == "missing":
                row.lost += 1
            else:
                row.stuck += 1
                row.notes.append(f"{kind} #{job_id} {status}")


def table() -> str:
    header = ["fault", "tries", "got through", "failed", "lost", "stuck after recovery", "5xx public"]
    lines = [header]
    for r in ROWS:
        lines.append(
            [
                r.fault,
                str(r.tries),
                str(r.got_through),
                str(r.failed),
                str(r.lost),
                "–" if r.stuck is None else str(r.stuck),
                "–" if r.public_5xx is None else str(r.public_5xx),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {r.fault}: {'; '.join(r.notes)}" for r in ROWS if r.notes]
    return "\n".join(out + [""] + notes)


FAULTS = [
    kill_pool_child_mid_render,
    kill_worker_mid_render,
    kill_worker_mid_import,
    broker_down_during_requests,
    cache_down,
    terminate_db_under_load,
    oversized_upload,
    hostile_files,
]


HARD_LIMIT_S = 15 * 60  # whatever hangs, the run ends (and cleans up) by then


class OutOfTime(BaseException):
    """Not an Exception: no fault's handler may swallow it; the stack's clean-up still runs."""


def _out_of_time(_signum, _frame):
    raise OutOfTime(f"make chaos ran longer than {HARD_LIMIT_S} s")


def main() -> int:
    started = time.monotonic()
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(HARD_LIMIT_S)
    log("make chaos: faults against the production-like stack (127.0.0.1 only)")
    from .server import ROOT

    tmp = ROOT / "var" / "chaos" / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    extra = {
        "TMPDIR": str(tmp),
        "PUBLIC_FORM_MIN_SECONDS": "0",
        "PUBLIC_FORM_RATE_LIMIT": "100000",
        "AXES_FAILURE_LIMIT": "1000",
        "CONN_MAX_AGE": "60",
    }
    with Stack("chaos", web_workers=2, worker_concurrency=1, beat=True, **extra) as stack:
        log(f"  stack up in {time.monotonic() - started:.0f} s")
        setup_django()
        for fault in FAULTS:
            t0 = time.monotonic()
            log(f"- {fault.__name__} …")
            try:
                fault(stack)
            except Exception as error:  # a fault that breaks the harness is reported, the rest still run
                ROWS.append(Row(fault.__name__, notes=[f"harness error: {type(error).__name__}: {error!s:.200}"]))
                for redis in (stack.broker, stack.cache):
                    if not redis.running:
                        redis.start()
            log(f"  {time.monotonic() - t0:.0f} s")
        judge_jobs()
        from django.db import connections

        connections.close_all()
    text = table()
    log("\n" + text)
    log(f"\n({time.monotonic() - started:.0f} s; logs in var/chaos/)")
    out = ROOT / "var" / "chaos" / OUT_JSON
    rows = [asdict(r) | {"fault_ended": None} for r in ROWS]
    out.write_text(json.dumps({"rows": rows, "table": text}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
