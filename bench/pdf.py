"""PDF: the reports app's own benchmark command, called and its figures read back."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .server import ROOT

CANDIDATES = ("bench_pdf", "benchmark_pdf", "pdf_bench", "bench_reports")
NUMBER = r"([0-9]+(?:[.,][0-9]+)?)"


def find_command() -> str | None:
    from django.core.management import get_commands

    commands = get_commands()
    for name in CANDIDATES:
        if name in commands:
            return name
    return next((n for n, app in commands.items() if app == "reports" and ("bench" in n or "pdf" in n)), None)


def parse(output: str) -> dict:
    """Lines such as "app render: 7.9 s, 41 pages, peak 310 MB" → figures per line label."""
    figures: dict[str, dict] = {}
    for line in output.splitlines():
        label = line.split(":", 1)[0].strip() if ":" in line else line.strip()[:40]
        found = {}
        for unit, key in (("s", "seconds"), ("pages?", "pages"), ("MB", "peak_mb"), ("MiB", "peak_mb")):
            match = re.search(NUMBER + r"\s*" + unit + r"\b", line)
            if match:
                found[key] = float(match.group(1).replace(",", "."))
        match = re.search(r"pages?\D{0,3}" + NUMBER, line)
        if "pages" not in found and match:
            found["pages"] = float(match.group(1))
        if found:
            figures[label or f"line {len(figures) + 1}"] = found
    return figures


def run(*, quick: bool, log=print) -> dict:
    name = find_command()
    if name is None:
        return {"status": "not available (no PDF benchmark command in reports/ on main yet)"}
    args = [sys.executable, "manage.py", name]
    log(f"  running manage.py {name} (its own data, the scratch database)")
    try:
        done = subprocess.run(
            args, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=600 if not quick else 300
        )
    except subprocess.TimeoutExpired:
        return {"status": "timed out after 10 minutes", "command": name}
    if done.returncode != 0:
        return {"status": f"failed (exit {done.returncode})", "command": name, "stderr": done.stderr[-2000:]}
    return {"status": "ok", "command": name, "figures": parse(done.stdout), "output": done.stdout[-4000:]}
