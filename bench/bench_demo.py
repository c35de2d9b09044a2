"""Speed and memory of the demo generator: items per second and peak RSS while streaming.

Usage: .venv/bin/python bench/bench_demo.py [items] [scale]
"""

from __future__ import annotations

import datetime as dt
import itertools
import resource
import sys
import time

from otklik.intake.demo import generate


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    scale = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0
    items = itertools.islice(generate(scale=scale, end=dt.date(2025, 12, 31)), count)
    started = time.perf_counter()
    done = 0
    for done, _item in enumerate(items, 1):
        if done % 100_000 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"{done:>9} items  {rate:>8.0f} items/s  peak RSS {_peak_rss_mb():.0f} MB")
    elapsed = time.perf_counter() - started
    rate = done / elapsed
    print(f"total {done} items in {elapsed:.1f} s: {rate:.0f} items/s, peak RSS {_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
