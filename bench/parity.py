"""`make parity`: csrplan as production runs it, checked end to end (issue 16, "the root").

The suite tests with plain static files and DEBUG on; production runs hashed, collected static
files with DEBUG off, a separate worker and Redis. Here the real thing runs (bench/stack.py:
collectstatic into a temporary STATIC_ROOT, gunicorn with DEBUG=false, PostgreSQL, Redis as
broker and cache, a `celery worker` process), and, as a manager through the web:

- a plan PDF and an FGD-minutes PDF are asked for with the web UI's forms, waited for and
  downloaded; each must have its stylesheet: nothing refused in the worker log, A4 pages, the same
  page count as an in-process render of the same document with the development static finders,
  the running header and footer on page 2;
- `/healthz/` reports database, broker and cache, and answers 503 once the cache is stopped.

Prints a table; exit status 1 with the reason on any failure. About a minute.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tempfile
import time

from .http import Client, parse_forms
from .stack import DEMO_PASSWORD, Stack, setup_django

A4 = (595.28, 841.89)  # points
JOB_TIMEOUT_S = 150
RESULTS: list[tuple[str, bool, str]] = []


def log(message: str = "") -> None:
    print(message, flush=True)


def check(name: str, ok: bool, detail: str = "") -> bool:
    RESULTS.append((name, bool(ok), detail))
    log(f"  {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
    return bool(ok)


# --- Through the web -----------------------------------------------------------------------
def request_pdf(client: Client, kind: str, *, language: str = "id") -> tuple[int, str]:
    """Posts the reports page's own "New PDF" form for `kind`; returns (job id, target id)."""
    page = client.get("/reports/")
    if page.status != 200:
        raise AssertionError(f"/reports/ answered {page.status}")
    form = next((f for f in parse_forms(page.text) if f.defaults().get("kind") == kind), None)
    if form is None:
        raise AssertionError(f"no form for {kind} on /reports/")
    target = next(f for f in form.fields if f.name == "target")
    choices = [value for value, _selected in target.options if value]
    if not choices:
        raise AssertionError(f"no target to choose for {kind} (demo data missing?)")
    data = form.defaults() | {"target": _richest_target(kind, choices), "language": language}
    response = client.post(form.action, list(data.items()), referer="/reports/")
    match = re.fullmatch(r"/reports/(\d+)/", response.location)
    if response.status != 302 or not match:
        raise AssertionError(f"generate answered {response.status} → {response.location!r}")
    return int(match.group(1)), data["target"]


def _richest_target(kind: str, choices: list[str]) -> str:
    """Among the form's choices, the plan with most programs / the FGD with most aspirations."""
    from django.db.models import Count

    from fgd.models import FgdSession
    from programs.models import AnnualPlan

    if kind == "plan_pdf":
        rows = AnnualPlan.objects.filter(pk__in=choices).annotate(n=Count("programs"))
    else:
        rows = FgdSession.objects.filter(pk__in=choices).annotate(n=Count("aspirations"))
    best = rows.order_by("-n", "pk").values_list("pk", flat=True).first()
    return str(best) if best is not None else choices[0]


def wait_for_job(client: Client, job_id: int, *, timeout: float = JOB_TIMEOUT_S) -> str:
    deadline = time.monotonic() + timeout
    status = "?"
    while time.monotonic() < deadline:
        page = client.get(f"/reports/{job_id}/")
        found = re.search(r'data-testid="job-progress" data-status="(\w+)"', page.text)
        status = found.group(1) if found else f"HTTP {page.status}"
        if status in ("done", "failed"):
            return status
        time.sleep(0.5)
    return f"still {status} after {timeout:.0f} s"


# --- The PDF -------------------------------------------------------------------------------
def pdf_facts(content: bytes) -> dict:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    return {
        "pages": len(reader.pages),
        "sizes": sizes,
        "text": [p.extract_text() or "" for p in reader.pages[:3]],
    }


def is_a4(size: tuple[float, float]) -> bool:
    return all(abs(a - b) < 1.5 for a, b in zip(sorted(size), A4, strict=True))


def reference_render(kind: str, target_id: str, language: str):
    """The same document rendered here, with DEBUG on and the finders (the configuration tests use)."""
    from reports import documents
    from reports.rendering import html_to_pdf

    if kind == "plan_pdf":
        from programs.models import AnnualPlan

        document = documents.plan_pdf(plan=AnnualPlan.objects.get(pk=target_id), language=language)
    else:
        from fgd.models import FgdSession

        document = documents.fgd_minutes_pdf(session=FgdSession.objects.get(pk=target_id), language=language)
    return html_to_pdf(document.html), document


CSS_STRING = r'"((?:[^"\\]|\\.)*)"'


def _css_text(value: str) -> str:
    return value.replace('\\"', '"').replace("\\3C ", "<").replace("\\\\", "\\")


def page_furniture(html: str, page: int, pages: int) -> list[str]:
    """The running header, footer and page counter the document's own @page rules ask for, as text."""
    texts = []
    for box in ("top-left", "bottom-left"):
        found = re.search("@" + box + r" \{ content: " + CSS_STRING, html)
        if found:
            texts.append(_css_text(found.group(1)))
    counter = re.search(
        r"@bottom-right \{ content: "
        + CSS_STRING
        + r" counter\(page\) "
        + CSS_STRING
        + r" counter\(pages\) "
        + CSS_STRING,
        html,
    )
    if counter:
        before, middle, after = (_css_text(g) for g in counter.groups())
        texts.append(" ".join(f"{before}{page}{middle}{pages}{after}".split()))
    return texts


def check_document(stack: Stack, client: Client, kind: str, label: str, language: str = "id") -> None:
    started = time.perf_counter()
    job_id, target_id = request_pdf(client, kind, language=language)
    status = wait_for_job(client, job_id)
    if not check(f"{label}: job #{job_id} rendered by the worker", status == "done", f"{status}, {_s(started)}"):
        return
    download = client.get(f"/reports/{job_id}/download/")
    content_type = download.headers.get("content-type", "")
    if not check(
        f"{label}: downloaded through the web",
        download.status == 200 and content_type == "application/pdf" and download.body.startswith(b"%PDF"),
        f"HTTP {download.status}, {content_type}, {len(download.body) // 1024} KB",
    ):
        return
    facts = pdf_facts(download.body)
    reference, document = reference_render(kind, target_id, language)
    check(
        f"{label}: page count equals the in-process render (finders)",
        facts["pages"] == reference.page_count and not reference.refused,
        f"web {facts['pages']}, in-process {reference.page_count}"
        + (f", in-process refused {list(reference.refused)}" if reference.refused else ""),
    )
    portrait = [s for s in facts["sizes"] if s[0] < s[1]]
    check(
        f"{label}: A4 pages",
        facts["sizes"] and all(is_a4(s) for s in facts["sizes"]) and is_a4(facts["sizes"][0]) and portrait,
        f"first page {facts['sizes'][0][0]:.0f}×{facts['sizes'][0][1]:.0f} pt",
    )
    on_page = 2 if len(facts["text"]) > 1 else 1
    flat = " ".join(facts["text"][on_page - 1].split())
    expected = page_furniture(document.html, on_page, facts["pages"])
    if on_page == 1:
        expected = expected[:2]  # a one-page document: no "page 2 of" to look for
    missing = [text for text in expected if text not in flat]
    check(
        f"{label}: running header and footer on page {on_page}",
        len(expected) >= 2 and not missing,
        "missing " + ", ".join(repr(m) for m in missing) if missing else " · ".join(expected),
    )


def _s(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


def check_health(client: Client, stack: Stack) -> None:
    response = client.get("/healthz/")
    try:
        body = json.loads(response.text)
    except ValueError:
        body = {}
    wanted = {"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}
    check("/healthz/ reports database, broker and cache", response.status == 200 and body == wanted, response.text)


def check_health_without_cache(client: Client, stack: Stack) -> None:
    stack.cache.stop()
    response = client.get("/healthz/")
    try:
        body = json.loads(response.text)
    except ValueError:
        body = {}
    check(
        "/healthz/ answers 503 with the cache stopped",
        response.status == 503 and body.get("cache") == "error" and body.get("database") == "ok",
        f"HTTP {response.status} {response.text[:120]}",
    )


def main() -> int:
    started = time.perf_counter()
    log("make parity: production settings (DEBUG off, collected static files, gunicorn, worker, Redis, PostgreSQL)")
    try:
        with Stack("parity", web_workers=2, worker_concurrency=1) as stack:
            log(f"  stack up in {_s(started)} (migrate, demo data, collectstatic {stack.prepare_seconds} s)")
            # In this process: DEBUG on and an empty STATIC_ROOT, so the reference render reads the
            # source files through the finders, as in development and in the tests.
            setup_django(DEBUG="true", STATIC_ROOT=tempfile.mkdtemp(prefix="csrplan-parity-empty-"))
            client = stack.client()
            check_health(client, stack)
            if not check("log in as a manager through the login form (CSRF)", client.login("manager", DEMO_PASSWORD)):
                return report(started)
            check_document(stack, client, "plan_pdf", "plan PDF")
            check_document(stack, client, "fgd_minutes_pdf", "FGD minutes PDF")
            worker_log = stack.worker.log_text()
            refused = [line for line in worker_log.splitlines() if "refused to fetch" in line]
            check("nothing refused in the worker log", not refused, refused[0][:160] if refused else "")
            check_health_without_cache(client, stack)
            from django.db import connections

            connections.close_all()  # the scratch database is dropped on exit
    except (RuntimeError, AssertionError, OSError) as error:
        check("the production-like stack", False, str(error))
    return report(started)


def report(started: float, *, logs: str = "var/parity/") -> int:
    failed = [r for r in RESULTS if not r[1]]
    width = max(len(name) for name, _ok, _detail in RESULTS) if RESULTS else 10
    log(f"\n{'check':<{width}} | result | detail")
    log(f"{'-' * width}-|--------|-------")
    for name, ok, detail in RESULTS:
        log(f"{name:<{width}} | {'ok' if ok else 'FAIL':<6} | {detail[:90]}")
    log(f"\n{len(RESULTS) - len(failed)}/{len(RESULTS)} checks passed in {_s(started)}; logs in {logs}")
    if failed:
        log("PARITY FAILED: " + "; ".join(f"{name} ({detail[:120]})" for name, _ok, detail in failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
