"""What the demo's tests share: six quarters of demo items (made once per run) and the reference data."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import yaml

from otklik.demo import DemoItem, generate

END = dt.date(2025, 12, 31)  # six whole quarters: 2024-07-01 .. 2025-12-31
REFERENCE = Path(__file__).resolve().parents[2] / "org" / "defaults" / "reference.yaml"


@functools.cache
def six_quarters() -> tuple[DemoItem, ...]:
    return tuple(generate(seed=2026, scale=1.0, end=END))


@functools.cache
def reference() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    return data


def topic_leaves() -> dict[str, dict[str, Any]]:
    """The topics of the reference data that records are routed by, by code."""
    return {leaf["code"]: leaf for section in reference()["topics"] for leaf in section["children"]}
