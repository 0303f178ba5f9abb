"""Both languages are complete: every string in the code and templates has a translation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.formatting import format_rupiah
from core.i18n import catalogue_paths, untranslated_entries

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("po_path", catalogue_paths(BASE_DIR), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_committed_catalogue_is_complete(po_path):
    assert untranslated_entries(po_path) == []


@pytest.mark.skipif(
    not shutil.which("xgettext") and os.environ.get("CI", "").lower() not in ("1", "true", "yes"),
    reason="GNU gettext (xgettext) is needed to extract strings (in CI its absence fails the test)",
)
def test_every_translatable_string_is_in_the_catalogues(tmp_path):
    """Extracts the strings afresh into a copy of the tree: nothing may come out untranslated."""
    copy = tmp_path / "tree"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "var",
            "media",
            "staticfiles",
            "node_modules",
            "*.sqlite3*",
            "__pycache__",
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    missing = {str(p.relative_to(copy)): untranslated_entries(p) for p in catalogue_paths(copy)}
    assert {k: v for k, v in missing.items() if v} == {}, "run `make messages` and translate these"


def test_money_is_whole_rupiah_in_both_languages():
    assert format_rupiah(1_250_000_000, "id") == "Rp 1.250.000.000"
    assert format_rupiah(1_250_000_000, "en") == "IDR 1,250,000,000"
    assert format_rupiah(0, "id") == "Rp 0"
    assert format_rupiah(None, "id") == "–"
