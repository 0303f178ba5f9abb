"""Data migrations carry a frozen copy of the reference data they insert (a migration must not import
live application code, which changes after it was written). The live copies in `<app>/reference.py`
still seed tests, so the two must not drift apart."""

import ast
from importlib import import_module
from pathlib import Path

import pytest

from fgd import reference as fgd_reference
from programs import reference as programs_reference
from stakeholders import reference as stakeholders_reference

FROZEN = [
    ("fgd.migrations.0002_aspiration_categories_and_trigram_index", fgd_reference, ["ASPIRATION_CATEGORIES"]),
    ("programs.migrations.0002_sdgs", programs_reference, ["SDGS"]),
    ("stakeholders.migrations.0002_regions_reference_data", stakeholders_reference, ["PROVINCE", "REGENCIES"]),
]
APPS = ("stakeholders", "fgd", "programs", "reports", "csrplan", "core", "dashboard", "demo")


@pytest.mark.parametrize(("migration", "live", "names"), FROZEN)
def test_a_data_migration_inserts_the_same_reference_data_as_the_live_module(migration, live, names):
    frozen = import_module(migration)
    for name in names:
        assert getattr(frozen, name) == getattr(live, name), f"{migration}.{name} drifted from {live.__name__}"


def test_no_migration_imports_application_code():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/migrations/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            offenders += [f"{path.relative_to(root)}: {m}" for m in modules if m.split(".")[0] in APPS]
    assert offenders == []
