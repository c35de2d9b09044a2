"""Loading the YAML text material shipped beside the generator."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

_DIR = Path(__file__).with_name("material")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load(name: str) -> Any:
    with (_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a safe loader, chosen above
