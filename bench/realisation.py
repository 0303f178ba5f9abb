"""Realisation at scale (issue 12): an approved plan of 60 programs × 600 activities × 12 months.

`make bench` runs it as one of its parts; alone: `make bench PART=realisation` (or
`python -m bench.run --only realisation`). It needs a migrated database with static files collected
(bench.run prepares its scratch database), and measures in-process, with Django's test client:

- the monitoring page of the plan and a program's page (its S-curve), and the S-curve selectors
  alone, at 3 and at 60 programs: queries per request (the same at both sizes) and median ms;
- the quarterly (Q1) realisation PDF, rendered in a fresh process as the worker does it (data,
  templates, WeasyPrint, evidence thumbnails): seconds and that process's peak RSS
  (resource.getrusage, kilobytes on Linux); the yearly one beside it;
- the XLSX export of the year (7,200 rows): seconds until the whole file is in hand.

The data are bulk-inserted: 7,200 realisation rows and 3,000 evidence rows whose files are 24
real JPEG photos (2,400 × 1,800 px, as a phone takes them) shared between the rows.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import subprocess
import sys
import time

from .server import ROOT

TARGET_PDF_S, TARGET_PDF_MB, TARGET_XLSX_S = 10.0, 400.0, 5.0
SIZES = (3, 60)  # programs; 10 activities each
ACTIVITIES_PER_PROGRAM = 10
EVIDENCE_PER_ACTIVITY = 5  # 600 activities → 3,000 evidence rows at 60 programs
PHOTOS = 24
YEARS = {3: 2017, 60: 2018}  # past years: every month has passed, every flag is computed


def _photo_files(log) -> list[tuple[str, int]]:
    """24 phone-sized JPEGs in the storage, written once; (name, size) each."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image, ImageDraw

    files = []
    rng = random.Random(12)
    for n in range(PHOTOS):
        name = f"monitoring/evidence/bench/foto-{n:02d}.jpg"
        if not default_storage.exists(name):
            image = Image.new("RGB", (2400, 1800), tuple(rng.randrange(40, 200) for _ in range(3)))
            draw = ImageDraw.Draw(image)
            for _ in range(60):  # some texture, so the JPEG is not trivially small
                x, y = rng.randrange(2400), rng.randrange(1800)
                draw.ellipse((x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 400)), fill=rng.randrange(255))
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=85)
            default_storage.save(name, ContentFile(buffer.getvalue()))
        files.append((name, default_storage.size(name)))
    log(f"  {PHOTOS} evidence photos in the storage, {sum(s for _, s in files) / 1e6:.1f} MB")
    return files


def build_plan(n_programs: int, *, photos: list[tuple[str, int]], by) -> int:
    """An approved plan with every activity recorded in all 12 months; bulk inserts. Returns its id."""
    from django.db import transaction
    from django.utils import timezone

    from core.choices import Pillar
    from fgd.models import AspirationCategory
    from monitoring.models import Evidence, IndicatorActual, Period, Realisation
    from programs.models import Activity, AnnualPlan, Indicator, Program, StrategicPlan

    rng = random.Random(n_programs)
    year = YEARS[n_programs]
    with transaction.atomic():
        AnnualPlan.objects.filter(year=year).delete()
        renstra, _ = StrategicPlan.objects.get_or_create(
            name="Renstra TJSL 2015–2019 (bench realisation)", defaults={"start_year": 2015, "end_year": 2019}
        )
        plan = AnnualPlan.objects.create(
            strategic_plan=renstra,
            year=year,
            title="Rencana Kerja TJSL (bench realisasi)",
            budget_ceiling=n_programs * 2_000_000_000,
            status=AnnualPlan.Status.APPROVED,
            approved_at=timezone.now(),
            approved_by=by,
            created_by=by,
        )
        categories = list(AspirationCategory.objects.all()[:6]) or [None]
        pillars = [p.value for p in Pillar]
        programs = Program.objects.bulk_create(
            Program(
                plan=plan,
                code=f"R{n:03d}",
                name=f"Program pemberdayaan dan lingkungan pesisir {n}",
                pillar=pillars[n % len(pillars)],
                category=categories[n % len(categories)],
                objective="Meningkatkan kesejahteraan masyarakat ring 1.",
                beneficiaries_count=rng.randint(20, 500),
                beneficiaries_kind="warga",
                start_month=1,
                end_month=12,
            )
            for n in range(1, n_programs + 1)
        )
        Indicator.objects.bulk_create(
            Indicator(program=p, kind="output", name=f"Indikator {p.code}", unit="orang", baseline=0, target=100)
            for p in programs
        )
        costs = ["training", "equipment", "materials", "honoraria", "other"]
        activities = Activity.objects.bulk_create(
            Activity(
                program=p,
                name=f"Kegiatan {a + 1} {p.code}: pelatihan, pengadaan dan pendampingan",
                months=sorted(rng.sample(range(1, 13), rng.randint(1, 4))),
                budget=rng.randint(10, 150) * 1_000_000,
                cost_category=costs[a % len(costs)],
                responsible_party="Tim CSR",
            )
            for p in programs
            for a in range(ACTIVITIES_PER_PROGRAM)
        )
        realisations = []
        for activity in activities:
            last = max(activity.months)
            share = activity.budget // 12
            for month in range(1, 13):
                done = month >= last
                late = not done and rng.random() < 0.1
                realisations.append(
                    Realisation(
                        activity=activity,
                        month=month,
                        status="done" if done else ("late" if late else "on_track"),
                        progress=100 if done else round(100 * month / last),
                        actual_spend=round(share * rng.uniform(0.7, 1.25), -5),
                        beneficiaries_reached=rng.randint(0, 20),
                        note="Berjalan sesuai jadwal; berita acara serah terima ditandatangani." if done else "",
                        version=1,
                        updated_by=by,
                    )
                )
        realisations = Realisation.objects.bulk_create(realisations, batch_size=2000)
        by_activity: dict[int, list] = {}
        for realisation in realisations:
            by_activity.setdefault(realisation.activity_id, []).append(realisation)
        evidence = []
        for n, rows in enumerate(by_activity.values()):
            for k in range(EVIDENCE_PER_ACTIVITY):
                name, size = photos[(n * EVIDENCE_PER_ACTIVITY + k) % len(photos)]
                evidence.append(
                    Evidence(
                        realisation=rows[(k * 5 + n) % 12],
                        file=name,
                        original_name=f"dokumentasi-{n}-{k}.jpg",
                        content_type="image/jpeg",
                        size=size,
                        description="Dokumentasi kegiatan",
                        uploaded_by=by,
                    )
                )
        Evidence.objects.bulk_create(evidence, batch_size=2000)
        IndicatorActual.objects.bulk_create(
            IndicatorActual(indicator=i, quarter=q, value=20 * q, updated_by=by)
            for i in Indicator.objects.filter(program__plan=plan)
            for q in (1, 2, 3, 4)
        )
        Period.objects.create(plan=plan, quarter=1, is_closed=True, closed_by=by, closed_at=timezone.now())
    return plan.pk


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def _measure_get(client, url: str, samples: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates, translations
    times, queries = [], set()
    for _ in range(samples):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        queries.add(len(captured.captured_queries))
    # The staff session's last-seen time is written once a minute (core.middleware): that request
    # has a few more queries, which are the session's, not the page's.
    return {
        "queries": [min(queries)],
        "session_touch_extra": max(queries) - min(queries),
        "median_ms": _median_ms(times),
        "kb": round(len(content) / 1024),
    }


def _measure_curve(plan_id: int, samples: int) -> dict:
    """The S-curve alone, as the pages ask for it: the snapshot (its queries) and the selector."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring import selectors
    from programs.models import AnnualPlan

    plan = AnnualPlan.objects.get(pk=plan_id)
    times, queries = [], set()
    for _ in range(samples):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            points = selectors.s_curve(selectors.plan_snapshot(plan=plan))
            times.append(time.perf_counter() - started)
        queries.add(len(captured.captured_queries))
    assert len(points) == 12
    return {"queries": sorted(queries), "median_ms": _median_ms(times)}


PDF_SCRIPT = """
import json, os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
django.setup()
from programs.models import AnnualPlan
from reports import documents
from reports.rendering import html_to_pdf
plan = AnnualPlan.objects.get(pk=int(sys.argv[1]))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started, cpu = time.perf_counter(), time.process_time()
document = documents.realisation_pdf(plan=plan, quarter=int(sys.argv[2]), language="id")
html_s = time.perf_counter() - started
pdf = html_to_pdf(document.html)
print(json.dumps({"seconds": round(time.perf_counter() - started, 2),
                  "cpu_seconds": round(time.process_time() - cpu, 2), "html_seconds": round(html_s, 2),
                  "pages": pdf.page_count, "pdf_mb": round(len(pdf.content) / 1e6, 2),
                  "photos": document.html.count("data:image/jpeg;base64,"),
                  "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "process_before_mb": round(before)}))
"""


def _measure_pdf(plan_id: int, quarter: int) -> dict:
    """In a fresh process, as a worker child renders it, so that its peak RSS is the render's own."""
    done = subprocess.run(
        [sys.executable, "-c", PDF_SCRIPT, str(plan_id), str(quarter)],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the PDF render failed: {done.stderr[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure_xlsx(client, url: str, samples: int) -> dict:
    from openpyxl import load_workbook

    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        times.append(time.perf_counter() - started)
    rows = sum(1 for _ in load_workbook(io.BytesIO(content), read_only=True).active.iter_rows()) - 1
    return {"seconds": round(statistics.median(times), 2), "rows": rows, "mb": round(len(content) / 1e6, 2)}


def run(*, quick: bool = False, log=print) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from monitoring.models import Evidence, Realisation

    samples = 5 if quick else 15
    log("  generating the realisation data (bulk) …")
    user, _ = get_user_model().objects.get_or_create(username="bench-realisation", defaults={"first_name": "Bench"})
    user.is_superuser = True  # every role: the pages and the export
    user.save()
    started = time.perf_counter()
    photos = _photo_files(log)
    plans = {n: build_plan(n, photos=photos, by=user) for n in SIZES}
    counts = {
        n: {
            "realisations": Realisation.objects.filter(activity__program__plan_id=pk).count(),
            "evidence": Evidence.objects.filter(realisation__activity__program__plan_id=pk).count(),
        }
        for n, pk in plans.items()
    }
    generated_s = round(time.perf_counter() - started, 1)
    log(f"  generated in {generated_s} s: {counts}")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    from programs.models import Program

    figures: dict = {"generated_s": generated_s, "counts": counts, "sizes": {}}
    for n, pk in plans.items():
        program = Program.objects.filter(plan_id=pk).order_by("code").last()
        size = {
            "monitoring page": _measure_get(client, f"/monitoring/plans/{pk}/", samples),
            "monitoring page, Q1": _measure_get(client, f"/monitoring/plans/{pk}/?quarter=1", samples),
            "program page (its S-curve)": _measure_get(client, f"/monitoring/programs/{program.pk}/", samples),
            "S-curve selectors (plan)": _measure_curve(pk, samples),
        }
        figures["sizes"][n] = size
        for label, row in size.items():
            log(f"  {n:>2} programs · {label}: {row['queries']} queries, median {row['median_ms']} ms")
    large = plans[SIZES[-1]]
    figures["same_queries"] = {
        label: figures["sizes"][SIZES[0]][label]["queries"] == figures["sizes"][SIZES[-1]][label]["queries"]
        for label in figures["sizes"][SIZES[0]]
    }
    log("  quarterly (Q1) realisation PDF in a fresh process …")
    figures["pdf_q1"] = _measure_pdf(large, 1)
    log(f"  Q1 PDF: {figures['pdf_q1']}")
    log("  yearly realisation PDF in a fresh process …")
    figures["pdf_year"] = _measure_pdf(large, 0)
    log(f"  yearly PDF: {figures['pdf_year']}")
    figures["xlsx"] = _measure_xlsx(client, f"/monitoring/plans/{large}/export.xlsx", 3)
    log(f"  XLSX: {figures['xlsx']}")
    figures["targets"] = {
        "pdf_q1_under_10_s": figures["pdf_q1"]["seconds"] < TARGET_PDF_S,
        "pdf_q1_under_400_mb": figures["pdf_q1"]["peak_mb"] < TARGET_PDF_MB,
        "xlsx_under_5_s": figures["xlsx"]["seconds"] < TARGET_XLSX_S,
        "same_queries_at_3_and_60": all(figures["same_queries"].values()),
    }
    figures["status"] = "ok" if all(figures["targets"].values()) else "target missed"
    figures["load_average"] = round(os.getloadavg()[0], 1)
    return figures


def print_table(r: dict, log=print) -> None:
    log("")
    if "sizes" not in r:
        log(f"Realisation: {r.get('status')}")
        return
    small, large = SIZES
    c = r["counts"][large]
    log(
        f"Realisation (issue 12): {SIZES[-1]} programs × {SIZES[-1] * ACTIVITIES_PER_PROGRAM} activities × 12 months"
        f" = {c['realisations']:,} realisation rows, {c['evidence']:,} evidence rows"
        f" (generated in {r['generated_s']} s)"
    )
    header = f"  {'in-process, test client':<30} {'queries 3 → 60':>15} {'3 programs ms':>14} {'60 programs ms':>15}"
    log(header)
    for label, row in r["sizes"][small].items():
        big = r["sizes"][large][label]
        queries = f"{'/'.join(map(str, row['queries']))} → {'/'.join(map(str, big['queries']))}"
        same = "" if row["queries"] == big["queries"] else "  QUERY COUNT GROWS"
        log(f"  {label:<30} {queries:>15} {row['median_ms']:>14} {big['median_ms']:>15}{same}")
    for key, label in (("pdf_q1", "Quarterly (Q1) PDF"), ("pdf_year", "Yearly PDF")):
        p = r[key]
        log(
            f"  {label}: {p['seconds']} s ({p['cpu_seconds']} s CPU, data and HTML {p['html_seconds']} s), "
            f"{p['pages']} pages, {p['photos']} photos, {p['pdf_mb']} MB PDF, peak memory {p['peak_mb']} MB"
            f" (target < {TARGET_PDF_S:.0f} s, < {TARGET_PDF_MB:.0f} MB)"
        )
    x = r["xlsx"]
    log(f"  XLSX export: {x['seconds']} s for {x['rows']:,} rows, {x['mb']} MB (target < {TARGET_XLSX_S:.0f} s)")
    missed = [k for k, ok in r["targets"].items() if not ok]
    log(f"  targets: {'all met' if not missed else 'MISSED ' + ', '.join(missed)} (load average {r['load_average']})")
