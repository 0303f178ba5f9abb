"""Import: a 10,000-row stakeholder XLSX through the stakeholder register's own import service.

The file is built from the register's template columns (region names from the database), then
the service's preview (validation of every row) and the import itself are timed separately.
Re-importing the same file is timed too: it must update, not duplicate.
"""

from __future__ import annotations

import io
import random
import time

from .generate import FIRST_NAMES, LAST_NAMES, POSITIONS


def build_xlsx(rows: int, columns: list[str]) -> bytes:
    """A realistic spreadsheet in the template's columns; phones and e-mails unique, regions by code."""
    from openpyxl import Workbook

    from stakeholders.models import Region

    rng = random.Random(5)
    regions = list(Region.objects.filter(level__in=["district", "subdistrict"]).values_list("code", flat=True))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("stakeholders")
    ws.append(columns)
    for i in range(rows):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        values = {
            "name": f"{first} {last} Impor {i + 1}",
            "position": rng.choice(POSITIONS),
            "organization": f"Kelompok Impor {i % 300 + 1}",
            "organization_type": "community_group",
            "region": regions[i % len(regions)] if regions else "",
            "phone": f"08991{i:08d}",  # 13 digits: never one of the generated register's 12-digit numbers
            "email": f"impor{i}@impor.contoh.id",
            "influence": rng.randint(1, 5),
            "interest": rng.randint(1, 5),
            "attitude": rng.choice(["supportive", "neutral", "resistant"]),
            "local_hero": "no",
            "key_contact": "no",
            "consent_date": "2025-01-15",
            "consent_channel": "Formulir FGD",
            "consent_notice_version": "",
        }
        ws.append([values.get(column, "") for column in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(*, rows: int, log=print) -> dict:
    # Plain imports: a renamed service must fail the run loudly, not turn into "not available".
    from django.contrib.auth import get_user_model

    from stakeholders.imports import COLUMNS, import_job_apply, import_job_preview
    from stakeholders.models import ImportJob, Stakeholder

    def apply(job):
        # What the worker runs once the person confirmed: the queued job, claimed and written in process.
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
        return import_job_apply(job_id=job.pk, background=False)

    user = get_user_model().objects.filter(username="bench-officer").first()
    content, build_s = _timed(build_xlsx, rows, list(COLUMNS))
    before = Stakeholder.objects.count()
    job, preview_s = _timed(import_job_preview, name="bench-stakeholders.xlsx", content=content, by=user)
    result = {
        "rows": rows,
        "file_kb": len(content) // 1024,
        "build_s": build_s,
        "preview_s": preview_s,
        "service": "stakeholders.imports.import_job_preview / import_job_apply (in process, as the worker runs it)",
    }
    if job.errors:
        result["status"] = f"the file was refused: {len(job.errors)} bad rows, e.g. {job.errors[:2]}"
        return result
    log(f"  preview of {rows} rows: {preview_s} s ({job.to_create} new, {job.to_update} updated)")
    job, import_s = _timed(apply, job)
    created = Stakeholder.objects.count() - before
    log(f"  import: {import_s} s, {created} stakeholders created")
    again, repreview_s = _timed(import_job_preview, name="bench-stakeholders.xlsx", content=content, by=user)
    again, reimport_s = _timed(apply, again)
    result.update(
        {
            "import_s": import_s,
            "created": created,
            "reimport_preview_s": repreview_s,
            "reimport_s": reimport_s,
            "reimport_created": Stakeholder.objects.count() - before - created,
            "status": "ok",
        }
    )
    return result


def _timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, round(time.perf_counter() - started, 2)
