"""Import: a 10,000-row stakeholder XLSX through the stakeholder register's own import service.

The file is built from the register's template columns (region names from the database), then
the service's preview (validation of every row) and the import itself are timed separately.
Re-importing the same file is timed too: it must update, not duplicate.
"""

from __future__ import annotations

import importlib
import inspect
import io
import random
import time

from .generate import FIRST_NAMES, LAST_NAMES, POSITIONS


def _service():
    for module_name in ("stakeholders.importing", "stakeholders.imports", "stakeholders.services"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        functions = dict(inspect.getmembers(module, inspect.isfunction))
        preview = next((f for n, f in functions.items() if "import" in n and "preview" in n), None)
        commit = next(
            (
                f
                for n, f in functions.items()
                if "import" in n and any(w in n for w in ("commit", "confirm", "apply", "run", "execute"))
            ),
            None,
        )
        if preview and commit:
            return module_name, preview, commit
    return None, None, None


def build_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    from stakeholders.models import Region

    rng = random.Random(5)
    regions = list(Region.objects.filter(level__in=["district", "subdistrict"]).values_list("name", flat=True))
    wb = Workbook()
    ws = wb.active
    ws.append(["name", "position", "organization", "region", "phone", "email", "influence", "interest", "attitude"])
    for i in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        ws.append(
            [
                f"{first} {last} Impor {i + 1}",
                rng.choice(POSITIONS),
                f"Kelompok Impor {i % 300 + 1}",
                regions[i % len(regions)] if regions else "",
                f"0812{i:08d}",
                f"impor{i}@contoh.id",
                rng.randint(1, 5),
                rng.randint(1, 5),
                rng.choice(["supportive", "neutral", "resistant"]),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(*, rows: int, log=print) -> dict:
    module_name, preview, commit = _service()
    if preview is None:
        return {"status": "not available (no stakeholder import service on main yet)"}
    return {"status": f"found {module_name}.{preview.__name__}/{commit.__name__} but no adapter yet", "rows": rows}


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, round(time.perf_counter() - started, 2)
