"""Throughput of the whole per-record analysis with the personal-data detector of another revision and
with the current one, on the same texts in one run, on one core.

Run: `python bench/bench_pdata.py [--before REV] [--runs 4] [--n 1000]`. `--before` is a git revision
whose `otklik/nlp/pdata.py` is the detector to compare with (default: the merge base with
`main`). Two kinds of texts: ~330-character texts of four SentiRuEval tweets (as bench_analysis.py) and
the demo generator's feedback texts, where names, phones and addresses are frequent. Each run takes fresh
texts and both detectors analyse the same ones; the order alternates between runs so that neither profits
from caches the other warmed. The figures are medians of records per second of CPU time of this
process (pinned to one core, one BLAS thread), so that other work on a shared machine does not count.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - after the thread limits, which must precede numpy
import functools  # noqa: E402 - after the thread limits, which must precede numpy
import importlib.util  # noqa: E402 - after the thread limits, which must precede numpy
import random  # noqa: E402 - after the thread limits, which must precede numpy
import statistics  # noqa: E402 - after the thread limits, which must precede numpy
import subprocess  # noqa: E402 - after the thread limits, which must precede numpy
import sys  # noqa: E402 - after the thread limits, which must precede numpy
import tempfile  # noqa: E402 - after the thread limits, which must precede numpy
import time  # noqa: E402 - after the thread limits, which must precede numpy
from pathlib import Path  # noqa: E402 - after the thread limits, which must precede numpy
from types import ModuleType  # noqa: E402 - after the thread limits, which must precede numpy

from otklik.nlp import pdata, pipeline  # noqa: E402
from otklik.nlp.tone import load_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def git(*arguments: str) -> str:
    """git from PATH, as the operator runs it, with the arguments of this script."""
    command = ["git", *arguments]
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout  # noqa: S603


def detector_of(revision: str) -> ModuleType:
    source = git("show", f"{revision}:otklik/nlp/pdata.py")
    path = Path(tempfile.mkdtemp()) / "pdata_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pdata_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pdata_before"] = module
    spec.loader.exec_module(module)
    return module


def tweet_texts(n: int, seed: int) -> list[str]:
    rows = [r["text"] for r in load_corpus() if r["split"] == "test"]
    rng = random.Random(seed)
    return [" ".join(rng.sample(rows, 4)) for _ in range(n)]


@functools.cache
def _demo_pool() -> tuple[str, ...]:
    import datetime as dt

    from otklik.demo import generate

    return tuple(
        i.record.text for i in generate(seed=2026, scale=1.0, end=dt.date(2025, 12, 31)) if i.record.text
    )


def demo_texts(n: int, seed: int) -> list[str]:
    pool = _demo_pool()
    return random.Random(seed).sample(pool, min(n, len(pool)))


def rate(analyser: pipeline.Analyser, detector: ModuleType, texts: list[str]) -> float:
    pipeline.pdata = detector  # type: ignore[attr-defined]
    records = [{"text": t, "channel": "appeals"} for t in texts]
    start = time.process_time()
    analyser.analyse(records)
    return len(records) / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()
    revision = args.before or git("merge-base", "HEAD", "main").strip()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    before, after = detector_of(revision), pdata
    analyser = pipeline.Analyser()
    for detector in (before, after):
        rate(analyser, detector, ["прогрев, Иванов Иван Иванович, ул. Ленина 5-7"])
    print(f"before: {revision[:10]}; median of {args.runs} runs of {args.n} records, one core")
    for name, make in (("tweets", tweet_texts), ("demo feedback", demo_texts)):
        rates: dict[str, list[float]] = {"before": [], "after": []}
        for run in range(args.runs):
            texts = make(args.n, 300 + run)
            order = [("before", before), ("after", after)]
            for label, detector in order if run % 2 == 0 else order[::-1]:
                rates[label].append(rate(analyser, detector, texts))
        b, a = statistics.median(rates["before"]), statistics.median(rates["after"])
        print(f"{name:14s} full analysis: before {b:6.0f} records/s, after {a:6.0f} records/s")
    pipeline.pdata = after  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
