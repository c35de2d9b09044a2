"""Throughput of the text analysis on one core: tone alone and the full per-record analysis.

Run: `python bench/bench_analysis.py [--runs 5] [--n 2000]` (`--quick`: one run of 200). Threads are
pinned to one (BLAS) and the process to core 0 where the OS allows, so the figures are per core; the last
line estimates the wall time for 1,000,000 records with two such workers.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - after the thread limits, which must precede numpy
import random  # noqa: E402 - after the thread limits, which must precede numpy
import statistics  # noqa: E402 - after the thread limits, which must precede numpy
import time  # noqa: E402 - after the thread limits, which must precede numpy

from otklik.analysis.nlp.pipeline import Analyser  # noqa: E402
from otklik.analysis.nlp.tone import default_model, load_corpus  # noqa: E402


def sample_texts(n: int, seed: int) -> list[str]:
    """~300-character texts made of held-out-like tweets (four per text), shuffled by seed."""
    rows = [r["text"] for r in load_corpus() if r["split"] == "test"]
    rng = random.Random(seed)
    return [" ".join(rng.sample(rows, 4)) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="one run of 200 texts")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.n = 1, 200
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    model = default_model()
    analyser = Analyser(model)
    analyser.analyse([{"text": "прогрев", "channel": "appeals"}])
    tone_rates, tone_explained, full_rates = [], [], []
    for run in range(args.runs):
        # fresh texts every run: the caches must not make a later run look better than real traffic
        texts = sample_texts(args.n, seed=run)
        start = time.perf_counter()
        model.predict(texts, explain=False)
        tone_rates.append(args.n / (time.perf_counter() - start))
        texts = sample_texts(args.n, seed=100 + run)
        start = time.perf_counter()
        model.predict(texts, explain=True)
        tone_explained.append(args.n / (time.perf_counter() - start))
        records = [{"text": t, "channel": "appeals"} for t in sample_texts(args.n // 2, seed=200 + run)]
        start = time.perf_counter()
        analyser.analyse(records)
        full_rates.append(len(records) / (time.perf_counter() - start))
    mean_len = statistics.mean(len(t) for t in sample_texts(200, 0))
    tone, explained, full = (statistics.median(v) for v in (tone_rates, tone_explained, full_rates))
    print(f"texts: ~{mean_len:.0f} characters; median of {args.runs} runs, one core")
    print(f"tone only:               {tone:8.0f} texts/s")
    print(f"tone with explanation:   {explained:8.0f} texts/s")
    print(f"full analysis:           {full:8.0f} records/s")
    hours = 1_000_000 / (2 * full) / 3600
    print(f"1,000,000 records, two workers: ~{hours:.2f} h ({1_000_000 / (2 * full) / 60:.0f} min)")


if __name__ == "__main__":
    main()
