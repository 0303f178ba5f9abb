"""PDF: the large-plan benchmark (bench/pdf_plan.py), run in a fresh process and its figures read back."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .server import ROOT

MODULE = "bench.pdf_plan"
TIMEOUT_S = 420
NUMBER = r"([0-9]+(?:[.,][0-9]+)?)"


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
    args = [sys.executable, "-m", MODULE]
    if quick:
        args += ["--programs", "12", "--activities", "120", "--aspirations", "300"]
    log(f"  running python -m {MODULE} (its own data, the scratch database)")
    try:
        done = subprocess.run(args, cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"status": f"timed out after {TIMEOUT_S} s", "command": MODULE}
    if done.returncode != 0:
        return {"status": f"failed (exit {done.returncode})", "command": MODULE, "stderr": done.stderr[-2000:]}
    return {"status": "ok", "command": MODULE, "figures": parse(done.stdout), "output": done.stdout[-4000:]}
