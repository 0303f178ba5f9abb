"""Renders a large annual plan and prints seconds, pages and peak memory (a benchmark, not a test).

Run it as `python -m bench.pdf_plan [--programs N ...]` (`make bench` does, through bench/pdf.py).

The plan (by default 60 programs, 600 activities, 2,000 traced aspirations) is created inside a
transaction that is rolled back, so the database is left as it was. Two figures are printed:
our whole path (queries + templates + WeasyPrint, as the worker runs it) and the raw WeasyPrint
call on the same HTML in a fresh process, so the overhead of our own code is visible.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAW_SCRIPT = """
import json, resource, sys, time
from weasyprint import HTML
from reports.rendering import StaticOnlyFetcher
html = open(sys.argv[1], encoding="utf-8").read()
start, cpu_start = time.perf_counter(), time.process_time()
document = HTML(string=html, base_url=sys.argv[2], url_fetcher=StaticOnlyFetcher()).render(pdf_variant=sys.argv[3])
document.write_pdf(pdf_variant=sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_start,
                  "pages": len(document.pages), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


class Rollback(Exception):
    pass


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class Command:
    help = "Benchmarks the annual plan PDF on a large throwaway plan (rolled back afterwards)."

    def __init__(self) -> None:
        self.stdout = sys.stdout

    def add_arguments(self, parser) -> None:
        parser.add_argument("--programs", type=int, default=60)
        parser.add_argument("--activities", type=int, default=600, help="in total, spread over the programs")
        parser.add_argument("--aspirations", type=int, default=2000, help="traced aspirations, in total")
        parser.add_argument("--language", default="id", choices=["id", "en"])
        parser.add_argument("--output", help="also write the PDF here")
        parser.add_argument("--html", help="also write the HTML here")
        parser.add_argument("--skip-raw", action="store_true", help="skip the raw WeasyPrint measurement")

    def handle(self, *args, **options) -> None:
        from django.db import transaction

        from reports import documents
        from reports.rendering import html_to_pdf

        baseline = _peak_mb()
        result: dict = {}
        try:
            with transaction.atomic():
                plan = self._build(options["programs"], options["activities"], options["aspirations"])
                start, cpu_start = time.perf_counter(), time.process_time()
                document = documents.plan_pdf(plan=plan, language=options["language"])
                html_seconds = time.perf_counter() - start
                pdf = html_to_pdf(document.html)
                result = {
                    "seconds": time.perf_counter() - start,
                    "cpu_seconds": time.process_time() - cpu_start,
                    "html_seconds": html_seconds,
                    "pages": pdf.page_count,
                    "bytes": len(pdf.content),
                    "peak_mb": _peak_mb(),
                    "html": document.html,
                    "content": pdf.content,
                }
                raise Rollback
        except Rollback:
            pass
        raw = self._raw(result["html"]) if not options["skip_raw"] else {"seconds": 0, "pages": 0, "peak_mb": 0}
        if options["html"]:
            Path(options["html"]).write_text(result["html"], encoding="utf-8")
        if options["output"]:
            Path(options["output"]).write_bytes(result["content"])

        def out(line: str) -> None:
            print(line, file=self.stdout, flush=True)

        out(
            f"plan: {options['programs']} programs, {options['activities']} activities, "
            f"{options['aspirations']} traced aspirations ({options['language']})"
        )
        out(
            f"ours (queries + templates + WeasyPrint): {result['seconds']:.2f} s ({result['cpu_seconds']:.2f} s CPU) "
            f"(of which data and HTML {result['html_seconds']:.2f} s), {result['pages']} pages, "
            f"{result['bytes'] / 1e6:.1f} MB PDF, peak memory {result['peak_mb']:.0f} MB "
            f"(process was {baseline:.0f} MB before)"
        )
        out(
            f"raw WeasyPrint on the same HTML (fresh process): {raw['seconds']:.2f} s "
            f"({raw.get('cpu_seconds', 0):.2f} s CPU), {raw['pages']} pages, "
            f"peak memory {raw['peak_mb']:.0f} MB"
        )
        out(f"our overhead: {result['cpu_seconds'] - raw.get('cpu_seconds', 0):.2f} s CPU")
        out(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times grow with it)")

    def _raw(self, html: str) -> dict:
        from reports.rendering import BASE_URL, PDF_VARIANT

        with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as handle:
            handle.write(html)
        try:
            setup = (
                "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'csrplan.settings')\n"
                "django.setup()\n"
            )
            completed = subprocess.run(
                [sys.executable, "-c", setup + RAW_SCRIPT, handle.name, BASE_URL, PDF_VARIANT],
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            Path(handle.name).unlink()
        return json.loads(completed.stdout.strip().splitlines()[-1])

    def _build(self, n_programs: int, n_activities: int, n_aspirations: int):
        """Bulk-creates the plan; everything disappears with the rollback."""
        from core.choices import Pillar
        from fgd.models import Aspiration, AspirationCategory
        from programs.models import Activity, AnnualPlan, Indicator, Program, Sdg, StrategicGoal, StrategicPlan
        from stakeholders.models import Region

        strategic = StrategicPlan.objects.create(name="Renstra TJSL (benchmark)", start_year=2025, end_year=2029)
        goals = StrategicGoal.objects.bulk_create(
            StrategicGoal(strategic_plan=strategic, code=f"SG{i}", title=f"Sasaran strategis {i}") for i in range(1, 6)
        )
        year = 9000 + AnnualPlan.objects.count()  # never an existing year
        plan = AnnualPlan.objects.create(
            strategic_plan=strategic, year=year, title="Rencana Kerja TJSL", budget_ceiling=75_000_000_000
        )
        regions = list(Region.objects.all()[:10]) or [
            Region.objects.create(name="Balikpapan Barat (benchmark)", level=Region.Level.DISTRICT, code="BENCH-1")
        ]
        categories = list(AspirationCategory.objects.all()[:8]) or [
            AspirationCategory.objects.create(code="bench", name_id="Ekonomi", name_en="Economy")
        ]
        sdgs = list(Sdg.objects.all()) or [Sdg.objects.create(number=8, name_id="Pekerjaan layak", name_en="Work")]
        pillars = list(Pillar.values)
        programs = Program.objects.bulk_create(
            Program(
                plan=plan,
                code=f"P{i:03d}",
                name=f"Program pemberdayaan masyarakat pesisir nomor {i}",
                pillar=pillars[i % len(pillars)],
                category=categories[i % len(categories)],
                strategic_goal=goals[i % len(goals)],
                objective="Meningkatkan pendapatan kelompok usaha dan kualitas lingkungan di wilayah ring 1. " * 2,
                beneficiaries_count=100 + i,
                beneficiaries_kind="warga",
            )
            for i in range(1, n_programs + 1)
        )
        Program.regions.through.objects.bulk_create(
            Program.regions.through(program=p, region=regions[i % len(regions)]) for i, p in enumerate(programs)
        )
        Program.sdgs.through.objects.bulk_create(
            Program.sdgs.through(program=p, sdg=sdgs[(i + k) % len(sdgs)])
            for i, p in enumerate(programs)
            for k in range(2)
        )
        Indicator.objects.bulk_create(
            Indicator(program=p, name=f"Indikator keluaran {k}", unit="orang", baseline=10 * k, target=50 * k)
            for p in programs
            for k in (1, 2)
        )
        costs = list(Activity.CostCategory.values)
        Activity.objects.bulk_create(
            Activity(
                program=programs[i % len(programs)],
                name=f"Kegiatan pelatihan dan pendampingan kelompok {i}",
                months=[1 + i % 12, 1 + (i + 1) % 12, 1 + (i + 2) % 12],
                budget=50_000_000 + 1_000_000 * (i % 40),
                cost_category=costs[i % len(costs)],
                responsible_party="Unit TJSL",
            )
            for i in range(n_activities)
        )
        aspirations = Aspiration.objects.bulk_create(
            Aspiration(
                tracking_code=f"ASP-B{i // 10000:03d}-{i % 10000:04d}",
                title=f"Usulan warga tentang pelatihan, air bersih dan bank sampah nomor {i}",
                description="Usulan untuk benchmark.",
                status=Aspiration.Status.PLANNED,
                category=categories[i % len(categories)],
            )
            for i in range(n_aspirations)
        )
        Program.aspirations.through.objects.bulk_create(
            Program.aspirations.through(program=programs[i % len(programs)], aspiration=a)
            for i, a in enumerate(aspirations)
        )
        return plan


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
    import django

    django.setup()
    command = Command()
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_plan", description=Command.help)
    command.add_arguments(parser)
    command.handle(**vars(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
