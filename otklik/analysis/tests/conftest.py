"""A small tone model trained once per test session: enough to behave, fast enough for every run."""

from __future__ import annotations

import pytest

from otklik.nlp.tone import ToneModel, fit, load_corpus, training_set


@pytest.fixture(scope="session")
def small_model() -> ToneModel:
    rows = [r for r in load_corpus() if r["split"] == "train"][::3]
    return fit(*training_set(rows), version="test-small")
