"""Duplicate suggestions over all aspirations: the database lookup (pg_trgm) against a Python scan.

The Python scan computes the same measure as pg_trgm's similarity(): trigrams of each word
padded with two spaces in front and one behind, lower-cased, on alphanumeric words only;
similarity = shared trigrams / trigrams in either.
"""

from __future__ import annotations

import random
import re
import statistics
import time

from django.db import connection

WORD = re.compile(r"[^\W_]+", re.UNICODE)
THRESHOLD = 0.3
LIMIT = 5


def trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def python_scan(text: str) -> list[tuple[int, float]]:
    """What an app without pg_trgm would do: read every title, score it, keep the best."""
    from fgd.models import Aspiration

    wanted = trigrams(text)
    scored = []
    for pk, title in Aspiration.objects.values_list("pk", "title").iterator(chunk_size=5000):
        score = similarity(wanted, trigrams(title))
        if score >= THRESHOLD:
            scored.append((score, pk))
    scored.sort(reverse=True)
    return [(pk, score) for score, pk in scored[:LIMIT]]


def trigram_index() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'fgd_aspiration' "
            "AND (indexdef LIKE '%%gin_trgm_ops%%' OR indexdef LIKE '%%gist_trgm_ops%%')"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def gist_trigram_index() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'fgd_aspiration' AND indexdef LIKE '%%gist_trgm_ops%%'"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def ensure_trigram_index() -> tuple[str, bool]:
    """The app's own trigram index if its migration made one; else the benchmark adds one (said in the output)."""
    found = trigram_index()
    if found:
        return found, False
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_aspiration_title_trgm ON fgd_aspiration USING gin (title gin_trgm_ops)"
        )
        cursor.execute("ANALYZE fgd_aspiration")
    return "bench_aspiration_title_trgm", True


def sql_lookup(text: str) -> list[tuple[int, float]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_limit(%s)", [THRESHOLD])
        cursor.execute(
            "SELECT id, similarity(title, %s) AS s FROM fgd_aspiration WHERE title %% %s ORDER BY s DESC, id LIMIT %s",
            [text, text, LIMIT],
        )
        return cursor.fetchall()


def knn_lookup(text: str) -> list[tuple[int, float]]:
    """The alternative: a GiST trigram index walked in distance order, so only the nearest rows are scored."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, 1 - (title <-> %s) AS s FROM fgd_aspiration WHERE title %% %s ORDER BY title <-> %s LIMIT %s",
            [text, text, text, LIMIT],
        )
        return cursor.fetchall()


def app_lookup(text: str) -> list:
    """The fgd app's own duplicate-suggestion selector (a plain import: a rename fails the run)."""
    from fgd.selectors.aspirations import aspiration_similar

    return aspiration_similar(title=text)


def _scores(found) -> list[float]:
    return [round(score, 3) for _, score in found]


def _median_ms(fn, texts) -> float:
    times = []
    for text in texts:
        started = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def run(*, samples: int = 20, scan_samples: int = 3, log=print) -> dict:
    from fgd.models import Aspiration

    total = Aspiration.objects.count()
    rng = random.Random(11)
    pks = list(Aspiration.objects.values_list("pk", flat=True)[:: max(total // 200, 1)])
    titles = [
        t.replace("Pelatihan", "pelatihan").rstrip(".") + " warga"
        for t in Aspiration.objects.filter(pk__in=rng.sample(pks, min(samples, len(pks)))).values_list(
            "title", flat=True
        )
    ]
    result: dict = {"aspirations": total, "threshold": THRESHOLD, "engine": connection.vendor}
    started = time.perf_counter()
    scanned: dict[str, list] = {}

    def scan_and_keep(text):
        scanned[text] = python_scan(text)

    scan_ms = _median_ms(scan_and_keep, titles[:scan_samples])
    result["python_scan_median_ms"] = scan_ms
    log(f"  python scan: {scan_ms} ms median ({time.perf_counter() - started:.1f} s)")
    if connection.vendor == "postgresql":
        index, added = ensure_trigram_index()
        result["trigram_index"] = index + (" (added by the benchmark: the app has none)" if added else "")
        sql_lookup(titles[0])
        result["pg_trgm_median_ms"] = _median_ms(sql_lookup, titles)
        result["speedup"] = round(scan_ms / result["pg_trgm_median_ms"], 1) if result["pg_trgm_median_ms"] else None
        # Equal scores may come in any order: the answers agree when their scores do.
        same = sum(_scores(sql_lookup(t)) == _scores(found) for t, found in scanned.items())
        result["same_answers"] = f"{same}/{len(scanned)}"
        log(f"  pg_trgm: {result['pg_trgm_median_ms']} ms median, index {result['trigram_index']}")
        if not gist_trigram_index():
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS bench_aspiration_title_gist ON fgd_aspiration "
                    "USING gist (title gist_trgm_ops)"
                )
                cursor.execute("ANALYZE fgd_aspiration")
            result["gist_index_build_s"] = round(time.perf_counter() - started, 1)
        else:
            result["gist_index"] = gist_trigram_index() + " (the app's own)"
        knn_lookup(titles[0])
        result["gist_knn_median_ms"] = _median_ms(knn_lookup, titles)
        result["gist_knn_same_answers"] = (
            f"{sum(_scores(knn_lookup(t)) == _scores(found) for t, found in scanned.items())}/{len(scanned)}"
        )
        log(f"  alternative, GiST KNN (<->): {result['gist_knn_median_ms']} ms median")
    else:
        result["pg_trgm_median_ms"] = None
        result["note"] = "pg_trgm needs PostgreSQL: run with DATABASE_URL=postgres://…"
    app_name = "fgd.selectors.aspirations.aspiration_similar"
    app_lookup(titles[0])
    result["app_selector"] = app_name
    result["app_selector_median_ms"] = _median_ms(app_lookup, titles)
    if result["app_selector_median_ms"]:
        result["app_selector_speedup"] = round(scan_ms / result["app_selector_median_ms"], 1)
    log(f"  {app_name}: {result['app_selector_median_ms']} ms median")
    return result
