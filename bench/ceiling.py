"""Share of the ceiling: each page's requests per second next to a bare 50-row Django list's.

The reference (`/bench/reference/`, csrplan/reference.py, on only when BENCH_REFERENCE=true) is
one query and a minimal template, served by the same gunicorn with the same settings. On a
shared machine absolute req/s are noise; the ratio page ÷ reference, measured minutes apart at
most, is the figure. So the run goes in interleaved rounds: in each round the reference is
measured, then a few pages, then the reference again, …; a page's ratio in a round divides its
req/s by the mean of the two reference figures around it; the table shows medians over rounds.

Staff pages are served whole from the cache while nothing is written (core/page_cache.py), so
their rows measure that path. The rows marked "after a write" measure the other: before each
request the client replaces the staff version in the shared cache, as any write does, so every
request renders the page (its cached fragments, keyed by other versions, stay cached as they
would). They need the shared cache the server uses (CACHE_URL=redis://…); with a cache per
process they are reported as not measured.

Load: `concurrency` client processes (plain http.client, one request at a time each) hammer
one path for `seconds`; every response reports its queries and its SQL and total server time
(`X-Query-Count`, `Server-Timing`: core/query_count.py), so render ms = total − SQL.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import time
from dataclasses import dataclass, field

from .http import Client

REFERENCE = "/bench/reference/"
GROUP = 3  # pages between two reference measurements


AFTER_A_WRITE = " · after a write"


def _as_if_written() -> None:
    from core.page_cache import bump_staff_version

    bump_staff_version()


def _hammer(port: int, path: str, cookies: dict, start_at: float, seconds: float, miss: bool = False) -> dict:
    """One client process: requests `path` back to back from start_at for `seconds` (`miss`: each
    request after the staff version is replaced, as a write replaces it)."""
    client = Client("127.0.0.1", port, timeout=60)
    client.cookies = dict(cookies)
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    done, errors, samples = 0, 0, []
    while time.time() < deadline:
        if miss:
            _as_if_written()
        try:
            response = client.get(path)
        except OSError:
            client.reconnect()
            errors += 1
            continue
        client.cookies = dict(cookies)  # every request as the same visitor (no cookie drift)
        if response.status != 200:
            errors += 1
            continue
        done += 1
        samples.append((response.queries, response.timing("sql"), response.timing("app"), len(response.body)))
    client.close()
    return {"done": done, "errors": errors, "elapsed": max(time.time() - start_at, seconds), "samples": samples}


@dataclass
class Slot:
    rps: float
    errors: int
    samples: list


@dataclass
class PageCeiling:
    label: str
    path: str
    public: bool
    miss: bool = False
    rps: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    samples: list = field(default_factory=list)
    errors: int = 0

    def as_dict(self) -> dict:
        def med(values):
            values = [v for v in values if v is not None]
            return round(statistics.median(values), 1) if values else None

        queries = sorted({q for q, *_ in self.samples if q is not None})
        sql = [s for _, s, _, _ in self.samples]
        render = [a - s for _, s, a, _ in self.samples if a is not None and s is not None]
        return {
            "label": self.label,
            "path": self.path,
            "public": self.public,
            "queries": queries,
            "sql_ms": med(sql),
            "render_ms": med(render),
            "bytes": max((b for *_, b in self.samples), default=None),
            "rps": med(self.rps),
            "ratio": round(statistics.median(self.ratios), 2) if self.ratios else None,
            "rounds": len(self.ratios),
            "errors": self.errors,
        }


def measure(
    port: int,
    staff_pages: list[tuple[str, str]],
    public_pages: list[tuple[str, str]],
    staff_cookies: dict,
    *,
    after_a_write: list[tuple[str, str]] | None = None,
    rounds: int,
    seconds: float,
    concurrency: int,
    log=print,
) -> dict:
    anonymous = {"csrplan_language": "id"}
    entries = [PageCeiling(label, path, False) for label, path in staff_pages]
    entries += [PageCeiling(label, path, True) for label, path in public_pages]
    if after_a_write and cache_is_shared():
        entries += [PageCeiling(label + AFTER_A_WRITE, path, False, miss=True) for label, path in after_a_write]
    elif after_a_write:
        log("  the rows after a write are not measured: the cache is per process (set CACHE_URL=redis://…)")
    reference = PageCeiling("reference: bare 50-row list", REFERENCE, True)
    context = multiprocessing.get_context("fork")
    rng = random.Random(15)
    with context.Pool(concurrency) as pool:

        def slot(path: str, cookies: dict, miss: bool = False) -> Slot:
            start_at = time.time() + 0.05
            args = [(port, path, cookies, start_at, seconds, miss)] * concurrency
            parts = pool.starmap(_hammer, args)
            elapsed = max(p["elapsed"] for p in parts)
            return Slot(
                sum(p["done"] for p in parts) / elapsed,
                sum(p["errors"] for p in parts),
                [s for p in parts for s in p["samples"]],
            )

        def ref() -> float:
            result = slot(REFERENCE, anonymous)
            reference.rps.append(result.rps)
            reference.samples.extend(result.samples)
            reference.errors += result.errors
            return result.rps

        # Warm-up: every worker has compiled templates and opened its database connection.
        slot(REFERENCE, anonymous)
        for round_no in range(1, rounds + 1):
            order = entries[:]
            rng.shuffle(order)  # no page always measured right after the same neighbour
            before = ref()
            for start in range(0, len(order), GROUP):
                group = order[start : start + GROUP]
                results = [(e, slot(e.path, anonymous if e.public else staff_cookies, e.miss)) for e in group]
                after = ref()
                base = (before + after) / 2
                for entry, result in results:
                    entry.rps.append(result.rps)
                    entry.samples.extend(result.samples)
                    entry.errors += result.errors
                    if base and result.rps:
                        entry.ratios.append(result.rps / base)
                before = after
            log(f"  round {round_no}/{rounds}: reference {statistics.median(reference.rps):.0f} req/s (median so far)")
    reference.ratios = [1.0] * len(reference.rps)
    return {
        "concurrency": concurrency,
        "seconds_per_slot": seconds,
        "rounds": rounds,
        "reference": reference.as_dict(),
        "pages": [e.as_dict() for e in entries],
    }


def cache_is_shared() -> bool:
    from django.conf import settings

    return "locmem" not in settings.CACHES["default"]["BACKEND"].lower()


def print_table(ceiling: dict, log=print) -> None:
    if "pages" not in ceiling:
        log(f"Share of the ceiling: {ceiling.get('status')}")
        return
    log(
        f"Share of the ceiling: req/s of each page ÷ the bare 50-row list's, {ceiling['rounds']} interleaved rounds of"
        f" {ceiling['seconds_per_slot']} s, {ceiling['concurrency']} clients (medians; ms and bytes per request"
        " under that load)"
    )
    header = f"{'page':<34} {'queries':>8} {'SQL ms':>7} {'render ms':>9} {'bytes':>8} {'req/s':>7} {'ratio':>6}"
    log(header)
    log("-" * len(header))
    for row in [ceiling["reference"], *ceiling["pages"]]:
        queries = "/".join(map(str, row["queries"])) or "—"
        log(
            f"{row['label'][:34]:<34} {queries:>8} {_f(row['sql_ms']):>7} {_f(row['render_ms']):>9}"
            f" {_f(row['bytes']):>8} {_f(row['rps']):>7} {_pct(row['ratio']):>6}"
            + (f"  {row['errors']} errors" if row["errors"] else "")
        )


def _f(value) -> str:
    return "—" if value is None else str(value)


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"
