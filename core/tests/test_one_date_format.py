"""Issue 11 item 7: one date, date-time and time format per language (core/formats), used by every
template and the PDFs; no template picks its own."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.formats import get_format

ROOT = Path(settings.BASE_DIR)
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT"}
# The weekday's name alone ("Kamis", "Thursday") is a word, not a layout of the date: allowed beside one.
WEEKDAY = "l"


def test_every_template_uses_the_named_formats_only():
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        for fmt in re.findall(r"\|(?:date|time):\"([^\"]*)\"", path.read_text()):
            if fmt not in NAMED | {WEEKDAY}:
                found.append(f"{path.relative_to(ROOT)}: {fmt}")
        if re.search(r"\|(?:date|time)(?![:\w])", path.read_text()):
            found.append(f"{path.relative_to(ROOT)}: bare |date or |time")
    assert found == []


def test_the_pdfs_write_dates_and_times_with_the_named_formats():
    code = (ROOT / "reports" / "documents.py").read_text()
    assert "strftime" not in code
    assert set(re.findall(r"date_format\([^,]+, \"([A-Z_]+)\"\)", code)) <= NAMED


def test_one_format_per_language():
    with translation.override("id"):
        assert (get_format("DATE_FORMAT"), get_format("DATETIME_FORMAT")) == ("j M Y", "j M Y, H.i")
        assert get_format("THOUSAND_SEPARATOR") == "."
    with translation.override("en"):
        assert (get_format("DATE_FORMAT"), get_format("DATETIME_FORMAT")) == ("j M Y", "j M Y, H:i")
