"""Every setting the product reads from the environment goes through the strict readers of `lib/env.py` and
has its line in the README's table of settings."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = [p for p in (ROOT / "otklik").rglob("*.py") if "tests" not in p.parts and p.name != "conftest.py"]
# Where the environment itself is set up: the helpers, the command-line entry and the process entries.
ENTRIES = {"lib/env.py", "cli.py", "settings.py", "wsgi.py", "testing_env.py", "intake/reading_process.py"}


def _readme_names() -> set[str]:
    """The README's names, with its short forms expanded: «`OTKLIK_EMAIL_HOST`, `_PORT`» names both."""
    names: set[str] = set()
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        full = re.findall(r"`(OTKLIK_[A-Z0-9_]+)`", line)
        names.update(full)
        if full:
            stem = full[0].rsplit("_", 1)[0]
            names.update(f"{stem}{short}" for short in re.findall(r"`(_[A-Z0-9_]+)`", line))
    return names


def test_every_setting_read_by_the_product_is_in_the_readme() -> None:
    read = {name for p in PRODUCT for name in re.findall(r"\"(OTKLIK_[A-Z0-9_]+)\"", p.read_text("utf-8"))}
    assert len(read) > 20
    assert read - _readme_names() == set()


def test_the_environment_is_read_only_through_the_settings_helpers() -> None:
    direct = re.compile(r"os\.environ(?:\.get)?\s*[\[(]\s*\"OTKLIK_|os\.getenv\(")
    found = [
        str(p.relative_to(ROOT / "otklik"))
        for p in PRODUCT
        if direct.search(p.read_text("utf-8")) and str(p.relative_to(ROOT / "otklik")) not in ENTRIES
    ]
    assert found == []
