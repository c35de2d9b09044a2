"""The layer rule of docs/architecture.md is a check, not prose: import-linter's contracts in pyproject.toml
hold for the product, and a planted upward import breaks them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_app_imports_only_the_apps_below_it() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_check(tmp_path: Path) -> None:
    copy = tmp_path / "checkout"
    shutil.copytree(
        ROOT / "otklik",
        copy / "otklik",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "data", "fonts"),
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    (copy / "otklik/org/planted.py").write_text("from otklik.monitoring import services  # noqa\n")
    done = _lint(copy)
    assert done.returncode != 0
    assert "otklik.org.planted -> otklik.monitoring.services" in done.stdout


def test_no_test_module_imports_another_test_module() -> None:
    """Helpers shared by tests live in `tests/support.py`, `conftest.py` or `access_table.py`, so that running
    one test file never runs (or depends on) the tests of another."""
    pattern = re.compile(r"^\s*(?:from|import)\s+otklik\.[\w.]*tests\.test_\w+", re.MULTILINE)
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0).strip()}"
        for path in sorted((ROOT / "otklik").rglob("tests/*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_no_cycle_between_apps() -> None:
    """Beyond the layers: no two apps import each other, whichever way round, tests left aside."""
    done = subprocess.run(
        [sys.executable, "-c", _GRAPH],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "", done.stdout


# grimp is import-linter's own graph builder.
_GRAPH = """
import grimp
graph = grimp.build_graph("otklik")
apps = sorted({m.split(".")[1] for m in graph.modules if m.count(".") >= 1})
def edges(a, b):
    return [
        (i["importer"], i["imported"])
        for i in graph.find_matching_direct_imports(import_expression=f"otklik.{a}.** -> otklik.{b}.**")
        if ".tests" not in i["importer"]
    ]
for i, a in enumerate(apps):
    for b in apps[i + 1:]:
        if edges(a, b) and edges(b, a):
            print(a, "<->", b, edges(a, b)[:1], edges(b, a)[:1])
"""
