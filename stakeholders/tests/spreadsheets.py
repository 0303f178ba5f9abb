"""Spreadsheets for import tests, built from the scenario (the same data as the demo)."""

import io

from openpyxl import Workbook

from demo.scenario import ORGANIZATIONS, STAKEHOLDERS
from stakeholders.imports import COLUMNS

ORG_TYPES = {org.name: org.type for org in ORGANIZATIONS}


def scenario_rows() -> list[list]:
    return [
        [
            s.name,
            s.position,
            s.organization,
            ORG_TYPES.get(s.organization, ""),
            s.region,
            s.phone,
            s.email,
            s.influence,
            s.interest,
            s.attitude,
            "ya" if s.local_hero else "tidak",
            "ya" if s.key_contact else "",
            "04/11/2024",
            "Formulir undangan FGD",
            "2025.1",
        ]
        for s in STAKEHOLDERS
    ]


def xlsx_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or list(COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or list(COLUMNS))
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
