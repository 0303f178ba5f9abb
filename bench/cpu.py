"""CPU per request, in-process: the deterministic companion of the ceiling's req/s.

On a shared machine req/s and latency swing with the neighbours' load; the CPU time one request
costs this process (`time.process_time`, so waiting for PostgreSQL is not counted, Python on
either side of it is) barely moves. This serves the benchmark's pages through Django's test
client with the production settings (DEBUG off, the cached template loader), on a database that
already holds the benchmark's data, and prints per page: CPU ms (median of N after warm-up),
Python function calls (cProfile's count for one request: the figure a busy machine
does not move), queries, HTML bytes. `--profile LABEL` prints the top cProfile entries for one page.
Staff pages are served whole from the cache while nothing is written (core/page_cache.py): the
default figures are that path; `--miss` replaces the staff version before every request, so they
are what the first request after a write costs (the view and its templates).

    DATABASE_URL=postgres://…/csrplan_bench CACHE_URL=redis://… \\
        .venv/bin/python -m bench.cpu [--samples 15] [--only WORD] [--profile WORD] [--json FILE] [--miss]

Make the data with `BENCH_KEEP_DATABASE=1 make bench` (or bench.generate); never point this at a
database you care about: it logs in as the benchmark's manager, nothing else is written.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import time


def _setup() -> None:
    defaults = {
        "DEBUG": "false",
        "SECRET_KEY": "bench-cpu-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "BENCH_REFERENCE": "true",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
    import django

    django.setup()


def measure(client, path: str, samples: int, warmup: int = 3, miss: bool = False) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.page_cache import bump_staff_version

    def forget() -> None:
        if miss:
            bump_staff_version()

    for _ in range(warmup):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    cpu = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(samples):
            forget()
            before = len(queries.captured_queries)
            started = time.process_time()
            response = client.get(path)
            cpu.append(time.process_time() - started)
            count = len(queries.captured_queries) - before
    # Python function calls of one request: unlike time, the same on a busy machine as on an idle one.
    forget()
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    return {
        "path": path,
        "cpu_ms": round(statistics.median(cpu) * 1000, 1),
        "calls": calls,
        "queries": count,
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--only", default="")
    parser.add_argument("--profile", default="")
    parser.add_argument("--json", default="")
    parser.add_argument("--miss", action="store_true", help="every request after a write (staff pages' cache missed)")
    args = parser.parse_args()
    _setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.page_cache import bump_staff_version

    from . import pages

    staff = Client()
    staff.force_login(get_user_model().objects.get(username="bench-manager"))
    public = Client()
    public.cookies["csrplan_language"] = "id"
    rows = [("reference: bare 50-row list", "/bench/reference/", public)]
    rows += [(label, path, staff) for label, path in pages.all_pages() if "None" not in path]
    rows += [(label, path, public) for label, path in pages.public_pages()]
    if args.only:
        rows = [row for row in rows if args.only in row[0] or args.only in row[1]]
    results = []
    print(f"{'page':<36} {'CPU ms':>7} {'calls':>8} {'queries':>7} {'bytes':>8}")
    for label, path, client in rows:
        figure = {"label": label, **measure(client, path, args.samples, miss=args.miss)}
        results.append(figure)
        print(
            f"{label[:36]:<36} {figure['cpu_ms']:>7} {figure['calls']:>8} {figure['queries']:>7} {figure['bytes']:>8}",
            flush=True,
        )
        if args.profile and (args.profile in label or args.profile == path):
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                if args.miss:
                    bump_staff_version()
                client.get(path)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
            print(out.getvalue())
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()
