"""Throughput of the text analysis on one core: tone alone and the full per-record analysis.

Run: `python bench/bench_analysis.py [--runs 5] [--n 2000]` (`--quick`: one run of 200). Threads are
pinned to one (BLAS) and the process to core 0 where the OS allows, so the figures are per core; the last
line estimates the wall time for 1,000,000 records with two such workers.

The machine is often shared, so every run also times the plain TF-IDF baseline of the tone evaluation
(`otklik.nlp.tone_eval.baseline`, fitted on the public train split) on texts of the same kind:
the ratios to it are comparable between runs on a quiet and on a loaded machine, the raw rates are not.
Rates are given per second of wall time and per second of the process's CPU time: the second leaves out
the time the process waited for the core while other work ran on it.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402 - after the thread limits, which must precede numpy
import random  # noqa: E402 - after the thread limits, which must precede numpy
import statistics  # noqa: E402 - after the thread limits, which must precede numpy
import time  # noqa: E402 - after the thread limits, which must precede numpy
from collections.abc import Callable  # noqa: E402 - after the thread limits, which must precede numpy

from otklik.nlp.pipeline import Analyser  # noqa: E402
from otklik.nlp.tone import default_model, load_corpus  # noqa: E402
from otklik.nlp.tone_eval import baseline  # noqa: E402


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
    plain = baseline([r for r in load_corpus() if r["split"] == "train"])
    plain(["прогрев"])
    steps: dict[str, tuple[Callable[[list[str]], object], int]] = {
        "plain baseline (tone)": (plain, 300),
        "tone only": (lambda texts: model.predict(texts, explain=False), 0),
        "tone with explanation": (lambda texts: model.predict(texts, explain=True), 100),
        "full analysis": (
            lambda texts: analyser.analyse([{"text": t, "channel": "appeals"} for t in texts]),
            200,
        ),
    }
    wall: dict[str, list[float]] = {name: [] for name in steps}
    cpu: dict[str, list[float]] = {name: [] for name in steps}
    for run in range(args.runs):
        for name, (step, seed) in steps.items():
            # fresh texts every run: the caches must not make a later run look better than real traffic
            n = args.n // 2 if name == "full analysis" else args.n
            texts = sample_texts(n, seed=seed + run)
            started, started_cpu = time.perf_counter(), time.process_time()
            step(texts)
            wall[name].append(n / (time.perf_counter() - started))
            cpu[name].append(n / (time.process_time() - started_cpu))
    mean_len = statistics.mean(len(t) for t in sample_texts(200, 0))
    base, base_cpu = (
        statistics.median(wall["plain baseline (tone)"]),
        statistics.median(cpu["plain baseline (tone)"]),
    )
    print(f"texts: ~{mean_len:.0f} characters; median of {args.runs} runs, one core")
    print("per second of wall time (ratio to the baseline; each run) | per second of CPU time (ratio)")
    for name in steps:
        unit = "records/s" if name == "full analysis" else "texts/s"
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(
            f"{name + ':':23} {w:6.0f} {unit:9} {w / base:5.2f}  {_each(wall[name]):34} | "
            f"{c:6.0f} {unit:9} {c / base_cpu:5.2f}"
        )
    full = statistics.median(wall["full analysis"])
    hours = 1_000_000 / (2 * full) / 3600
    print(f"1,000,000 records, two workers: ~{hours:.2f} h ({1_000_000 / (2 * full) / 60:.0f} min)")


def _each(rates: list[float]) -> str:
    return "(" + ", ".join(f"{r:.0f}" for r in rates) + ")"


if __name__ == "__main__":
    main()
