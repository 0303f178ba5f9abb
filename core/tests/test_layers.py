"""The floors of pyproject.toml's import-linter contracts, for module paths written as strings.

`lint-imports` (run by `make test`) follows `import` statements only. A module named in a string,
`importlib.import_module("programs.tests.factories")`, `__import__(...)`, `import_string(...)` or
`include("...urls")`, is an import all the same: it must not reach a higher floor, nor `demo` from
product code. Parsed with `ast`, nothing is imported.
"""

import ast
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACTS = {contract["type"]: contract for contract in CONFIG["contracts"]}
FLOORS = list(reversed(CONTRACTS["layers"]["layers"]))  # core first: a higher index is a higher floor
DEV_ONLY = set(CONTRACTS["forbidden"]["forbidden_modules"])
LOADERS = {"import_module", "__import__", "import_string", "include"}


def _loader_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def string_imports(source: str) -> list[tuple[int, str]]:
    """(line, module path) of every string handed to a module loader."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _loader_name(node.func) in LOADERS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def wrong_way(source_module: str, target: str) -> str | None:
    """Why `source_module` may not load `target`, or None when it may."""
    source_top, target_top = source_module.split(".")[0], target.split(".")[0]
    if target_top in DEV_ONLY and source_top not in DEV_ONLY:
        return None if ".tests." in f".{source_module}." else f"product code loads the dev-only {target_top}"
    if source_top in FLOORS and target_top in FLOORS and FLOORS.index(target_top) > FLOORS.index(source_top):
        return f"{source_top} loads {target_top}, a higher floor"
    return None


def test_no_module_path_in_a_string_goes_up_a_floor():
    problems = []
    for package in CONFIG["root_packages"]:
        for path in sorted((BASE_DIR / package).rglob("*.py")):
            module = ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
            for line, target in string_imports(path.read_text(encoding="utf-8")):
                reason = wrong_way(module, target)
                if reason:
                    problems.append(f"{path.relative_to(BASE_DIR)}:{line}: {target!r}: {reason}")
    assert problems == []


def test_the_check_sees_loaders_and_knows_the_floors():
    source = 'import importlib\nimportlib.import_module("programs.tests.factories")\ninclude("fgd.urls")\n'
    assert string_imports(source) == [(2, "programs.tests.factories"), (3, "fgd.urls")]
    assert wrong_way("fgd.tests.test_x", "programs.tests.factories")
    assert wrong_way("core.reference", "stakeholders.reference")
    assert wrong_way("fgd.views.public", "demo.fgd")
    assert not wrong_way("fgd.tests.test_x", "demo.fgd")
    assert not wrong_way("csrplan.urls", "fgd.urls")
    assert not wrong_way("reports.views", "fgd.models")
    assert FLOORS[0] == "core" and FLOORS[-1] == "csrplan"
