import csv
import io

from openpyxl import load_workbook

from core.exports import export_response


def test_csv_export_is_excel_friendly_and_neutralises_formulas():
    response = export_response(
        basename="list", fmt="csv", headers=["Nama", "Catatan"], rows=[("Sepaku Ärni", "=HYPERLINK(1)"), ("B", -5)]
    )
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8"))))
    assert rows == [["Nama", "Catatan"], ["Sepaku Ärni", "'=HYPERLINK(1)"], ["B", "-5"]]


def test_xlsx_export_keeps_numbers_as_numbers():
    response = export_response(basename="list", fmt="xlsx", headers=["Nama", "Anggaran"], rows=[("A", 1_250_000_000)])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["Nama", "Anggaran"], ["A", 1_250_000_000]]
