"""The layer rule of docs/architecture.md is a check, not prose: import-linter's contracts in pyproject.toml
hold for the product, and a planted upward import breaks them."""

from __future__ import annotations

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
