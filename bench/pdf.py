"""PDF: the reports app's own benchmark command, called and its figures read back."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .server import ROOT

CANDIDATES = ("bench_pdf", "benchmark_pdf", "pdf_bench", "bench_reports")
TIMEOUT_S = 420
NUMBER = r"([0-9]+(?:[.,][0-9]+)?)"


def find_command() -> str | None:
    from django.core.management import get_commands

    commands = get_commands()
    for name in CANDIDATES:
        if name in commands:
            return name
    return next((n for n, app in commands.items() if app == "reports" and ("bench" in n or "pdf" in n)), None)


def parse(output: str) -> dict:
    """Lines such as "ours (…): 7.91 s (7.50 s CPU) …, 41 pages, 1.2 MB PDF, peak memory 310 MB" → figures."""
    figures: dict[str, dict] = {}
    for line in output.splitlines():
        if ":" not in line:
            continue
        label, rest = line.split(":", 1)
        found = {}
        patterns = {
            "seconds": NUMBER + r"\s*s\b(?!\s*CPU)",
            "cpu_seconds": NUMBER + r"\s*s CPU",
            "pages": NUMBER + r"\s*pages?\b",
            "peak_mb": r"peak memory\s*" + NUMBER + r"\s*MB",
            "pdf_mb": NUMBER + r"\s*MB PDF",
        }
        for key, pattern in patterns.items():
            match = re.search(pattern, rest)
            if match:
                found[key] = float(match.group(1).replace(",", ""))
        if found:
            figures[label.strip()] = found
    return figures


def run(*, quick: bool, log=print) -> dict:
    name = find_command()
    if name is None:
        return {"status": "not available (no PDF benchmark command in reports/ on main yet)"}
    args = [sys.executable, "manage.py", name]
    if quick:
        usage = subprocess.run([*args, "--help"], cwd=ROOT, capture_output=True, text=True).stdout
        if "--programs" in usage:
            args += ["--programs", "12", "--activities", "120", "--aspirations", "300"]
    log(f"  running manage.py {name} (its own data, the scratch database)")
    try:
        done = subprocess.run(args, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"status": f"timed out after {TIMEOUT_S} s", "command": name}
    if done.returncode != 0:
        return {"status": f"failed (exit {done.returncode})", "command": name, "stderr": done.stderr[-2000:]}
    return {"status": "ok", "command": name, "figures": parse(done.stdout), "output": done.stdout[-4000:]}
