"""Tabular exports (CSV and XLSX) of filtered lists, shared by every app."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_response(*, basename: str, fmt: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """An attachment response; `rows` may be a generator (XLSX is written in constant memory)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown export format {fmt!r}")
    content = _csv_bytes(headers, rows) if fmt == "csv" else _xlsx_bytes(headers, rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response


def _csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if value is None else _neutralise(value) for value in row])
    # The byte-order mark makes Excel read the file as UTF-8 (names such as "Sepaku Â" otherwise).
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def _xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_neutralise(value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _neutralise(value):
    """Spreadsheet formula injection: a cell starting with = + - @ must stay text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
