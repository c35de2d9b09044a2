"""Speed and memory of the demo generator: items per second and peak RSS while streaming.

Usage: .venv/bin/python bench/bench_demo.py [items] [scale] [--quick]  (`--quick`: 20,000 items)
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import resource
import time

from otklik.demo import generate


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("items", type=int, nargs="?", default=100_000)
    parser.add_argument("scale", type=float, nargs="?", default=50.0)
    parser.add_argument("--quick", action="store_true", help="20,000 items")
    args = parser.parse_args()
    count = 20_000 if args.quick else args.items
    scale = args.scale
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
