"""`make bench`: csrplan measured at scale through a real server. Prints a table, saves JSON.

    .venv/bin/python -m bench.run            # full run (~10-15 min on 2 cores)
    BENCH_QUICK=1 .venv/bin/python -m bench.run   # a quick try-out (~2-3 min), smaller sizes
    .venv/bin/python -m bench.run --only realisation   # one part alone (make bench PART=realisation)
    .venv/bin/python -m bench.run --only notifications  # or: .venv/bin/python -m bench.notify

Uses a scratch database (never the developer's): SQLite in var/bench/ by default, or, when
DATABASE_URL points at PostgreSQL, a sibling database "<name>_bench" on the same server
(BENCH_DATABASE_URL to choose it). The public-form burst and pg_trgm figures need PostgreSQL.
A part that fails (a renamed service, a page that does not answer 200) is recorded with its
traceback, the other parts still run, and the run exits non-zero: nothing is quietly "not available".
Only PostgreSQL-only figures say so on SQLite. Results: var/bench/results.json (BENCH_OUTPUT to change).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from pathlib import Path

from .server import ROOT, Server, production_like_env, scratch_database

QUICK = os.environ.get("BENCH_QUICK", "").lower() in ("1", "true", "yes")
PORT = int(os.environ.get("BENCH_PORT", "8106"))
# Clients hammering one page at a time in the ceiling rounds (gunicorn has 2×cores+1 workers).
CEILING_CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
OUTPUT = Path(os.environ.get("BENCH_OUTPUT", ROOT / "var" / "bench" / "results.json"))
# BENCH_PAGES_ONLY=1: the pages at both sizes and the share of the ceiling, without the PDF,
# duplicate, burst and import parts (about a third of the time).
PAGES_ONLY = os.environ.get("BENCH_PAGES_ONLY", "").lower() in ("1", "true", "yes")


def log(message: str = "") -> None:
    print(message, flush=True)


def part(results: dict, key: str, fn, *args, **kwargs):
    """Runs one part; a failure is recorded with its reason and the run goes on."""
    started = time.perf_counter()
    try:
        results[key] = fn(*args, **kwargs)
    except Exception as exc:
        results[key] = {"status": f"failed: {exc!r}", "traceback": traceback.format_exc()[-3000:]}
        log(f"  {key} failed: {exc!r}")
    log(f"  ({key}: {time.perf_counter() - started:.1f} s)")
    return results[key]


def _failed(part_result: dict) -> bool:
    return str(part_result.get("status", "")).startswith("failed")


# Parts that can run alone on a freshly migrated scratch database (their own data, no server).
ALONE = ("realisation", "notifications")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="csrplan measured at scale.")
    parser.add_argument("--only", choices=ALONE, help="run one part alone")
    only = parser.parse_args(argv).only
    started = time.perf_counter()
    cores = os.cpu_count() or 1
    db = scratch_database("bench")
    env = production_like_env(
        db,
        "bench",
        QUERY_COUNT_HEADER="true",
        PUBLIC_FORM_RATE_LIMIT="1000000000",
        PUBLIC_FORM_MIN_SECONDS="0",
        AXES_FAILURE_LIMIT="1000",
        BENCH_REFERENCE="true",
    )
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from . import burst, ceiling, generate, imports, notify, pages, pdf, realisation, similarity

    results: dict = {
        "started_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "mode": "quick" if QUICK else "full",
        "machine": {
            "cores": cores,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "database": db.label,
            "cache": os.environ.get("CACHE_URL", "locmem (per process)"),
            # The machine may be shared: the load says how much the wall-clock figures are inflated.
            "load_average_at_start": round(os.getloadavg()[0], 1),
        },
    }
    log(f"csrplan benchmark ({results['mode']}) on {cores} cores, database {db.label}")
    log("Preparing: migrate, collectstatic …")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    results["setup_seconds"] = round(time.perf_counter() - t0, 1)
    if only:
        return _alone(only, results, db, started)

    small, large = generate.SMALL, generate.QUICK_LARGE if QUICK else generate.LARGE
    samples, budget = (8, 5.0) if QUICK else (30, 20.0)
    workers = 2 * cores + 1

    log(f"Generating the small size {small.as_dict()} …")
    results["data_small"] = generate.generate(small, log=log)
    server = Server(port=PORT, workers=workers, log_path=ROOT / "var" / "bench" / "gunicorn.log")
    with server:
        # A page that takes more than a minute is reported as such, not waited for.
        client = server.client(timeout=60)
        if not client.login("bench-manager", generate.BENCH_PASSWORD):
            raise SystemExit("Could not log in as bench-manager through /accounts/login/")
        page_list = pages.all_pages()
        log(f"Measuring {len(page_list)} pages at {small.aspirations:,} aspirations (gunicorn, {workers} workers) …")
        small_figures = pages.measure_pages(
            client, page_list, samples=samples, budget_s=budget, warmup=workers + 1, log=log
        )

        # The PDF benchmark builds its own large plan (60 programs, 600 activities, 2,000 traced
        # aspirations) in a rolled-back transaction; it runs here, on the small database, so that
        # its figures are the reports app's own (the plan PDF also lists every accepted aspiration
        # no program answers, which at 100,000 aspirations is a different document).
        if not PAGES_ONLY:
            log("PDF (the reports app's benchmark) …")
            part(results, "pdf", pdf.run, quick=QUICK, log=log)
            log("Realisation (monitoring: 60 programs × 600 activities × 12 months) …")
            part(results, "realisation", realisation.run, quick=QUICK, log=log)

        log(f"Growing to the large size {large.as_dict()} …")
        results["data_large"] = generate.generate(large, log=log)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        page_list = pages.all_pages()
        log(f"Measuring {len(page_list)} pages at {large.aspirations:,} aspirations …")
        large_figures = pages.measure_pages(
            client, page_list, samples=samples, budget_s=budget, warmup=workers + 1, log=log
        )
        results["pages"] = _compare(small_figures, large_figures, small, large)

        rounds, seconds = (3, 1.0) if QUICK else (5, 2.0)
        log(f"Share of the ceiling at {large.aspirations:,} aspirations: {rounds} interleaved rounds …")
        staff_pages = [(label, path) for label, path in page_list if "None" not in path]
        part(
            results,
            "ceiling",
            ceiling.measure,
            PORT,
            staff_pages,
            pages.public_pages(),
            dict(client.cookies),
            after_a_write=[(label, path) for label, path in staff_pages if label in pages.ISSUE_15_STAFF_PAGES],
            rounds=rounds,
            seconds=seconds,
            concurrency=CEILING_CLIENTS,
            log=log,
        )
        client.close()

        if not PAGES_ONLY:
            log("Duplicate suggestions …")
            part(results, "duplicates", similarity.run, samples=20, scan_samples=3 if not QUICK else 2, log=log)

        clients, duration = 32, 5.0 if QUICK else 30.0
        if not PAGES_ONLY:
            log(f"Public form burst: {clients} clients for {duration:.0f} s on {db.label} …")

        def burst_part():
            # One client first: the time a submission takes without a queue in front of it.
            alone = burst.run_burst(PORT, clients=1, duration=3.0 if QUICK else 10.0, log=log)
            outcome = burst.run_burst(PORT, clients=clients, duration=duration, log=log)
            figures = outcome.as_dict(burst.rows_stored(outcome.marker))
            figures["single_client"] = alone.as_dict(burst.rows_stored(alone.marker))
            figures["engine"] = connection.vendor
            if connection.vendor != "postgresql":
                figures["note"] = "the issue asks for PostgreSQL: run with DATABASE_URL=postgres://…"
            return figures

        if not PAGES_ONLY:
            part(results, "burst", burst_part)

    if not PAGES_ONLY:
        log("Import …")
        part(results, "import", imports.run, rows=1_000 if QUICK else 10_000, log=log)

    if not PAGES_ONLY:
        log(f"Notifications: bulk status change of {notify.COUNT:,} aspirations, worker, SMTP …")
        part(results, "notifications", notify.run, log=log)

    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 1)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    print_table(results)
    failed = sorted(key for key, value in results.items() if isinstance(value, dict) and _failed(value))
    log(f"\nSaved {OUTPUT.relative_to(ROOT) if OUTPUT.is_relative_to(ROOT) else OUTPUT}")
    if os.environ.get("BENCH_KEEP_DATABASE", "").lower() not in ("1", "true", "yes"):
        from django.db import connections

        connections.close_all()
        db.drop()
    if failed:
        log(f"\nFAILED parts: {', '.join(failed)}")
        return 1
    return 0


def _alone(only: str, results: dict, db, started: float) -> int:
    """One part on the freshly migrated scratch database: its figures, its table, its own JSON file."""
    from . import notify, realisation

    runners = {
        "realisation": (realisation.run, realisation.print_table),
        # Its size follows BENCH_QUICK by itself (notify.COUNT).
        "notifications": (lambda quick, log: notify.run(log=log), notify.print_table),
    }
    run, table = runners[only]
    part(results, only, run, quick=QUICK, log=log)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    output = OUTPUT.with_name(f"{OUTPUT.stem}-{only}{OUTPUT.suffix}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    table(results[only], log=log)
    log(f"\nSaved {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    if os.environ.get("BENCH_KEEP_DATABASE", "").lower() not in ("1", "true", "yes"):
        from django.db import connections

        connections.close_all()
        db.drop()
    return 1 if _failed(results[only]) else 0


def _compare(small_figures, large_figures, small, large) -> dict:
    by_path = {f.label: f for f in large_figures}
    rows = []
    for s in small_figures:
        big = by_path.get(s.label)
        row = {"small": s.as_dict(), "large": big.as_dict() if big else None}
        if s.status == "ok" and big is not None and big.status == "ok":
            row["same_queries"] = sorted(set(s.queries)) == sorted(set(big.queries))
            # A page may skip a query at scale (the map summarises crowded cells instead of loading people).
            row["queries_grow"] = max(big.queries, default=0) > max(s.queries, default=0)
            row["latency_ratio"] = round(big.median_ms / s.median_ms, 2) if s.median_ms else None
        rows.append(row)
    return {"small_aspirations": small.aspirations, "large_aspirations": large.aspirations, "rows": rows}


def _fmt(value, suffix="") -> str:
    return "—" if value is None else f"{value}{suffix}"


def print_table(results: dict) -> None:
    from . import ceiling

    m = results["machine"]
    log("")
    log(
        f"csrplan benchmark · {results['mode']} · {m['cores']} cores (load average {m['load_average_at_start']} at"
        f" start, {m.get('load_average_at_end')} at end) · {m['database']} · {results['total_seconds']} s"
    )
    pages_ = results.get("pages", {})
    log("")
    log(
        f"Pages through gunicorn: {pages_.get('small_aspirations', 0):,} → {pages_.get('large_aspirations', 0):,}"
        " aspirations (queries per request; median / p95 ms; "
        + (
            "each request renders the page: the staff token is replaced before it)"
            if ceiling.cache_is_shared()
            else "served from each worker's own cache: set CACHE_URL=redis://… to measure the pages rendered)"
        )
    )
    header = f"{'page':<30} {'path':<26} {'queries':>9} {'small ms':>15} {'large ms':>15} {'ratio':>6}  note"
    log(header)
    log("-" * len(header))
    for row in pages_.get("rows", []):
        s, big = row["small"], row["large"] or {}
        if s["status"] != "ok" or big.get("status") != "ok":
            why = s["status"] if s["status"] != "ok" else big.get("status")
            log(f"{s['label'][:30]:<30} {s['path'][:26]:<26} {why}")
            continue
        queries = f"{'/'.join(map(str, s['queries']))}→{'/'.join(map(str, big['queries']))}"
        note = "QUERY COUNT GROWS" if row.get("queries_grow") else "" if row.get("same_queries") else "fewer queries"
        if (row.get("latency_ratio") or 0) >= 1.5:
            note = (note + " slower").strip()
        log(
            f"{s['label'][:30]:<30} {s['path'][:26]:<26} {queries:>9} "
            f"{_fmt(s['median_ms']):>7}/{_fmt(s['p95_ms']):<7} {_fmt(big['median_ms']):>7}/{_fmt(big['p95_ms']):<7}"
            f" {_fmt(row.get('latency_ratio')):>6}  {note}"
        )
    log("")
    ceiling.print_table(results.get("ceiling", {"status": "not measured"}), log=log)
    d = results.get("duplicates", {})
    log("")
    log(f"Duplicate suggestions over {d.get('aspirations', '?'):,} aspirations" if "aspirations" in d else "")
    if "python_scan_median_ms" in d:
        log(
            f"  app selector {d.get('app_selector')}: {_fmt(d.get('app_selector_median_ms'), ' ms')} median"
            f" · Python scan {_fmt(d.get('python_scan_median_ms'), ' ms')}"
            f" · speed-up {_fmt(d.get('app_selector_speedup'), '×')}"
        )
        log(
            f"  plain pg_trgm (% filter, sorted by similarity()): {_fmt(d.get('pg_trgm_median_ms'), ' ms')} median"
            f" · speed-up {_fmt(d.get('speedup'), '×')} · index {d.get('trigram_index', '—')}"
            f" · same answers as the scan {d.get('same_answers', '—')}"
        )
        if d.get("gist_knn_median_ms") is not None:
            built = d.get("gist_index") or f"index built in {d.get('gist_index_build_s')} s"
            log(
                f"  GiST trigram KNN order (<->) as raw SQL: {d['gist_knn_median_ms']} ms median,"
                f" same answers {d.get('gist_knn_same_answers')}, {built}"
            )
        if d.get("note"):
            log(f"  {d['note']}")
    else:
        log(f"  {d.get('status')}")
    b = results.get("burst", {})
    log("")
    if "posts" in b:
        log(
            f"Public form burst ({b['clients']} clients, {b['seconds']} s, {b['engine']}): {b['posts']} posts, "
            f"{b['posts_per_s']}/s, median {b['median_ms']} ms, p95 {b['p95_ms']} ms, 5xx {b['5xx']}, "
            f"accepted {b['accepted']} = stored {b['rows_stored']}: {'yes' if b['nothing_lost'] else 'NO'}"
            f" (statuses {b['status_counts']})"
        )
        one = b.get("single_client") or {}
        log(
            f"  one client alone: {one.get('posts')} posts, median {one.get('median_ms')} ms, "
            f"p95 {one.get('p95_ms')} ms, accepted {one.get('accepted')} = stored {one.get('rows_stored')}"
        )
    else:
        log(f"Public form burst: {b.get('status')}")
    i = results.get("import", {})
    log("")
    log(
        f"Stakeholder import, {i.get('rows', '?')}-row XLSX: preview {_fmt(i.get('preview_s'), ' s')}, import "
        f"{_fmt(i.get('import_s'), ' s')} ({_fmt(i.get('created'))} created); same file again: preview "
        f"{_fmt(i.get('reimport_preview_s'), ' s')}, import {_fmt(i.get('reimport_s'), ' s')} "
        f"({_fmt(i.get('reimport_created'))} created) · {i.get('status')}"
    )
    from . import notify

    notify.print_table(results.get("notifications", {"status": "not measured"}), log=log)
    p = results.get("pdf", {})
    log("")
    log(f"PDF ({p.get('command', '—')}): {p.get('status')}")
    for label, figures in (p.get("figures") or {}).items():
        log(f"  {label}: {figures}")
    from . import realisation

    realisation.print_table(results.get("realisation", {"status": "not measured"}), log=log)
    for key in ("data_small", "data_large"):
        if key in results:
            log(f"\nData {key[5:]}: generated in {results[key]['seconds']} s: {results[key]['counts']}")


if __name__ == "__main__":
    sys.exit(main())
