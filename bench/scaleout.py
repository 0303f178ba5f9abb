"""`make scaleout`: two web processes and two workers that share only PostgreSQL, Redis and S3.

The README says web processes and workers on several machines share nothing else. Here each of
web A, web B, worker A and worker B has its own MEDIA_ROOT and TMPDIR (its "machine"), and files
go to S3 through django-storages (`FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage`) against
moto's S3 server on 127.0.0.1. Proven, through the web:

1. a plan PDF rendered by worker B (worker A stopped) downloads from web A, byte for byte the
   object in the bucket;
2. a photo uploaded with the public form on web A downloads from web B (staff attachment view),
   and a process configured as worker B reads it through the storage API (no task of the product
   reads uploads today, so this is `manage.py shell` with worker B's environment);
3. nothing was written to any of the four local MEDIA_ROOTs.

Prints one line per check; exit 1 on any failure. About 2 minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager

from .burst import SUBMIT_PATH, fill_public_form, public_form
from .chaos import png, post_multipart
from .http import TRACKING_CODE, Client
from .parity import check, report, request_pdf, wait_for_job
from .server import ROOT, VENV_BIN, Server
from .stack import DEMO_PASSWORD, Stack, Worker, free_port, setup_django

BUCKET = "csrplan-scaleout"
OUT = ROOT / "var" / "scaleout"


def log(message: str = "") -> None:
    print(message, flush=True)


@contextmanager
def environment(**changes: str):
    saved = dict(os.environ)
    os.environ.update(changes)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def machine(name: str) -> dict[str, str]:
    """A "machine" of its own: local media and temp directories nobody else sees."""
    media, tmp = OUT / name / "media", OUT / name / "tmp"
    shutil.rmtree(OUT / name, ignore_errors=True)
    media.mkdir(parents=True)
    tmp.mkdir(parents=True)
    return {"MEDIA_ROOT": str(media), "TMPDIR": str(tmp)}


def start_s3(stack: ExitStack) -> str:
    port = free_port()
    log_file = open(OUT / "moto.log", "ab")  # noqa: SIM115 (closed by the exit stack)
    stack.callback(log_file.close)
    moto = shutil.which("moto_server", path=str(VENV_BIN)) or "moto_server"
    process = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(port)], stdout=log_file, stderr=log_file)
    stack.callback(lambda: (process.terminate(), process.wait(timeout=10)))
    endpoint = f"http://127.0.0.1:{port}"
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            return endpoint
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"moto's S3 server did not start; see {OUT / 'moto.log'}") from None
            time.sleep(0.3)


def s3_object(endpoint: str, key: str) -> bytes | None:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    try:
        return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    except client.exceptions.NoSuchKey:
        return None


def local_files() -> list[str]:
    return [str(p.relative_to(OUT)) for name in "ABCD" for p in (OUT / name / "media").rglob("*") if p.is_file()]


def main() -> int:
    started = time.perf_counter()
    log("make scaleout: web A + web B, worker A + worker B, separate local dirs, files in S3 (moto) on 127.0.0.1")
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with ExitStack() as stack:
            endpoint = start_s3(stack)
            options = {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "access_key": "testing",
                "secret_key": "testing",
                "region_name": "us-east-1",
                "file_overwrite": False,
            }
            storage = {
                "FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
                "FILE_STORAGE_OPTIONS": json.dumps(options),
            }
            web_a, worker_a, web_b, worker_b = machine("A"), machine("B"), machine("C"), machine("D")
            # Web A and worker A come from the parity stack; web B and worker B are started beside them.
            main_stack = stack.enter_context(
                Stack("scaleout", web_workers=1, worker_concurrency=1, PUBLIC_FORM_MIN_SECONDS="0", **storage, **web_a)
            )
            main_stack.worker.stop()  # worker A, on web A's machine: restarted with its own dirs below
            with environment(**worker_a):
                main_stack.worker = Worker(log_path=OUT / "worker-a.log", name="worker-a").start()
            with environment(**web_b):
                server_b = stack.enter_context(Server(port=free_port(), workers=1, log_path=OUT / "gunicorn-b.log"))
            with environment(**worker_b):
                worker_b_process = Worker(log_path=OUT / "worker-b.log", name="worker-b")
            setup_django()
            log(f"  up in {time.perf_counter() - started:.0f} s")

            # 1. Worker B renders, web A serves.
            main_stack.worker.stop()
            with environment(**worker_b):
                worker_b_process.start()
            stack.callback(worker_b_process.stop)
            client_a = main_stack.client()
            check("log in on web A", client_a.login("manager", DEMO_PASSWORD))
            job_id, _target = request_pdf(client_a, "plan_pdf")
            status = wait_for_job(client_a, job_id)
            rendered_by_b = "Task reports.tasks.render_report[" in worker_b_process.log_text()
            check("plan PDF rendered by worker B (worker A stopped)", status == "done" and rendered_by_b, status)
            from reports.models import ReportJob

            key = ReportJob.objects.get(pk=job_id).file.name
            download = client_a.get(f"/reports/{job_id}/download/")
            in_bucket = s3_object(endpoint, key)
            check(
                "web A downloads it, the same bytes as the S3 object",
                download.status == 200 and in_bucket is not None and download.body == in_bucket,
                f"HTTP {download.status}, {len(download.body) // 1024} KB, s3://{BUCKET}/{key}",
            )

            # 2. An upload on web A, read by web B and by worker B's configuration.
            citizen = main_stack.client()
            form = public_form(citizen.get(SUBMIT_PATH).text)
            data = fill_public_form(form, title="SCALEOUT foto jalan", description="SCALEOUT foto jalan rusak")
            photo = png(64, 48, fill=b"\x80")
            response = post_multipart(
                citizen,
                form.action or SUBMIT_PATH,
                data,
                {"attachment": ("jalan.png", photo, "image/png")},
                SUBMIT_PATH,
            )
            thanks = citizen.get(response.location) if response.status in (302, 303) else response
            code = TRACKING_CODE.search(thanks.text)
            from fgd.models import Aspiration

            aspiration = Aspiration.objects.filter(tracking_code=code.group(0) if code else "-").first()
            check(
                "photo uploaded with the public form on web A",
                aspiration is not None and bool(aspiration.attachment.name),
                f"HTTP {response.status}, {aspiration.attachment.name if aspiration else 'not stored'}",
            )
            if aspiration is not None and aspiration.attachment.name:
                client_b = Client("127.0.0.1", server_b.port)
                client_b.login("manager", DEMO_PASSWORD)
                got = client_b.get(f"/aspirations/{aspiration.pk}/attachment/")
                check(
                    "web B serves it (staff attachment view)",
                    got.status == 200 and got.body == photo,
                    f"HTTP {got.status}",
                )
                script = (
                    "from django.core.files.storage import default_storage as s; import hashlib, sys; "
                    f"sys.stdout.write(hashlib.sha256(s.open({aspiration.attachment.name!r}).read()).hexdigest())"
                )
                with environment(**worker_b):
                    read = subprocess.run(
                        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
                        cwd=ROOT,
                        env=os.environ.copy(),
                        capture_output=True,
                        text=True,
                        timeout=120,
                    )
                import hashlib

                check(
                    "worker B's configuration reads it through the storage API",
                    read.stdout.strip() == hashlib.sha256(photo).hexdigest(),
                    read.stdout.strip()[:16] or read.stderr.strip()[-160:],
                )
            leftovers = local_files()
            check("nothing in any local MEDIA_ROOT", not leftovers, ", ".join(leftovers[:3]))
            from django.db import connections

            connections.close_all()
    except (RuntimeError, AssertionError, OSError) as error:
        check("the scale-out stack", False, str(error))
    return report(started, logs="var/scaleout/")


if __name__ == "__main__":
    sys.exit(main())
