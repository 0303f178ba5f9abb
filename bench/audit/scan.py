"""`make audit-scan`: wapiti 3 and sqlmap against the public form and the tracking page.

Both scanners come from PyPI into their own virtualenv (var/audit/scanners) so they never mix
with the app's dependencies. The site runs under gunicorn with DEBUG off on a throwaway
database (var/scan/ or "<name>_scan" on PostgreSQL) with the demo data; the public form's rate
limit and minimum fill-in time are lifted, and the cache is a dummy one (the tracking page's
failed-lookup limit counts nothing), so that the scanners' requests reach the database code.
Loopback only. Reports land in var/audit/scan/; a summary is printed. Slow: not part of CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from ..server import ROOT, Server, prepare_demo_site, production_like_env, scratch_database

PORT = int(os.environ.get("SCAN_PORT", "8108"))
SCANNERS = Path(os.environ.get("AUDIT_SCANNERS", ROOT / "var" / "audit" / "scanners" / "bin"))
OUT = ROOT / "var" / "audit" / "scan"
BASE = f"http://127.0.0.1:{PORT}"
MAX_SECONDS = int(os.environ.get("SCAN_MAX_SECONDS", "300"))


def log(message: str = "") -> None:
    print(message, flush=True)


def run_wapiti(code: str) -> dict:
    report = OUT / "wapiti.json"
    report.unlink(missing_ok=True)
    args = [
        str(SCANNERS / "wapiti"),
        "-u",
        f"{BASE}/aspirations/",
        "--scope",
        "folder",
        "-s",
        f"{BASE}/aspirations/submit/",
        "-s",
        f"{BASE}/aspirations/track/",
        "-s",
        f"{BASE}/aspirations/track/{code}/",
        "-m",
        "sql,xss,permanentxss,exec,file,crlf,redirect,csp,http_headers,cookieflags,csrf,upload",
        "--flush-session",
        "--max-scan-time",
        str(MAX_SECONDS),
        "--max-attack-time",
        str(MAX_SECONDS // 4),
        "-f",
        "json",
        "-o",
        str(report),
    ]
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, timeout=MAX_SECONDS * 2)
    (OUT / "wapiti.log").write_text(done.stdout + done.stderr)
    if not report.exists():
        return {"status": f"no report (exit {done.returncode})", "log_tail": (done.stdout + done.stderr)[-1500:]}
    data = json.loads(report.read_text())
    findings = {
        category: [
            {"path": f.get("path"), "method": f.get("method"), "info": f.get("info"), "parameter": f.get("parameter")}
            for f in items
        ]
        for category, items in data.get("vulnerabilities", {}).items()
        if items
    }
    anomalies = {k: len(v) for k, v in data.get("anomalies", {}).items() if v}
    return {
        "seconds": round(time.monotonic() - started),
        "vulnerabilities": findings,
        "anomalies": anomalies,
        "crawled": len(data.get("infos", {}).get("crawled_pages", []) or []),
    }


def run_sqlmap(name: str, extra: list[str]) -> dict:
    out_dir = OUT / f"sqlmap-{name}"
    args = [
        str(SCANNERS / "sqlmap"),
        "--batch",
        "--level",
        os.environ.get("SQLMAP_LEVEL", "2"),
        "--risk",
        "1",
        # Boolean, error and UNION techniques; time-based tests would take hours on a 2-core machine.
        "--technique",
        os.environ.get("SQLMAP_TECHNIQUE", "BEU"),
        "--flush-session",
        "--disable-coloring",
        "--output-dir",
        str(out_dir),
        "--timeout",
        "15",
        *extra,
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=MAX_SECONDS * 2)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        output += "\n[timed out]"
    (OUT / f"sqlmap-{name}.log").write_text(output)
    injectable = re.findall(r"parameter '([^']+)' (?:is|appears to be) .*injectable", output)
    not_injectable = re.findall(r"parameter '([^']+)' does not seem to be injectable", output)
    return {
        "seconds": round(time.monotonic() - started),
        "injectable": sorted(set(injectable)),
        "tested_not_injectable": sorted(set(not_injectable)),
        "all_tested_not_injectable": "all tested parameters do not appear to be injectable" in output,
        "errors": re.findall(r"\[CRITICAL\] (.*)", output)[:5],
    }


def submit_args() -> list[str]:
    """A valid submission (with the form's own signed render time) whose text fields sqlmap varies."""
    import urllib.parse

    from ..burst import SUBMIT_PATH, fill_public_form, public_form
    from ..http import Client

    client = Client("127.0.0.1", PORT)
    form = public_form(client.get(SUBMIT_PATH).text)
    data = fill_public_form(form, title="Sarana air bersih RT 12", description="Sumur warga kering setiap kemarau.")
    data.update({"location_detail": "RT 12", "beneficiaries_kind": "warga", "submitter_organization": "Karang Taruna"})
    tested = [
        n for n in ("title", "description", "location_detail", "beneficiaries_kind", "region", "category") if n in data
    ]
    return [
        "-u",
        f"{BASE}{SUBMIT_PATH}",
        "--data",
        urllib.parse.urlencode(data),
        "--csrf-token",
        "csrfmiddlewaretoken",
        "--csrf-url",
        f"{BASE}{SUBMIT_PATH}",
        "-p",
        ",".join(tested),
    ]


def main() -> int:
    if not (SCANNERS / "wapiti").exists() or not (SCANNERS / "sqlmap").exists():
        raise SystemExit(f"wapiti/sqlmap not found in {SCANNERS}: run `make audit-scan`.")
    OUT.mkdir(parents=True, exist_ok=True)
    db = scratch_database("scan")
    os.environ.update(
        production_like_env(
            db,
            "scan",
            PUBLIC_FORM_RATE_LIMIT="1000000000",
            PUBLIC_FORM_MIN_SECONDS="0",
            AXES_FAILURE_LIMIT="100000",
            # The tracking page limits failed look-ups per IP (30 an hour) in the cache: with a dummy
            # cache that counts nothing, the scanners' requests reach the database code.
            CACHE_URL="dummycache://",
        )
    )
    log(f"Preparing a throwaway site on {db.label} …")
    prepare_demo_site()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csrplan.settings")
    import django

    django.setup()
    from fgd.models import Aspiration

    code = Aspiration.objects.values_list("tracking_code", flat=True).first() or "ASP-2345-6789"
    before = Aspiration.objects.count()
    results: dict = {"database": db.label}
    with Server(port=PORT, workers=3, log_path=OUT / "gunicorn.log"):
        log("sqlmap: tracking page, code in the path …")
        results["sqlmap_track_path"] = run_sqlmap("track-path", ["-u", f"{BASE}/aspirations/track/{code}*/"])
        log(f"  {results['sqlmap_track_path']}")
        log("sqlmap: tracking form (GET ?code=) …")
        results["sqlmap_track_form"] = run_sqlmap("track-form", ["-u", f"{BASE}/aspirations/track/?code={code}"])
        log(f"  {results['sqlmap_track_form']}")
        log("sqlmap: public form (POST; CSRF token fetched before each request) …")
        results["sqlmap_submit"] = run_sqlmap("submit", submit_args())
        log(f"  {results['sqlmap_submit']}")
        log("wapiti …")
        results["wapiti"] = run_wapiti(code)
        log(f"  {results['wapiti']}")
    results["aspirations_stored_by_scanners"] = Aspiration.objects.count() - before
    from django.db import connections

    connections.close_all()
    db.drop()
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    injections = sum(len(v.get("injectable", [])) for k, v in results.items() if k.startswith("sqlmap"))
    wapiti_sql = {
        k: v for k, v in results["wapiti"].get("vulnerabilities", {}).items() if "SQL" in k or "Cross Site" in k
    }
    log(f"\nScan summary: sqlmap injectable parameters: {injections}; wapiti SQL/XSS findings: {wapiti_sql or 0}")
    log(
        f"wapiti findings by category: { {k: len(v) for k, v in results['wapiti'].get('vulnerabilities', {}).items()} }"
    )
    log("Details: var/audit/scan/results.json and the logs beside it.")
    return 1 if injections or wapiti_sql else 0


if __name__ == "__main__":
    sys.exit(main())
