"""Spike alerts on demo data: planted episodes found and alerts elsewhere, over several seeds; check time.

Run: `python bench/bench_spikes.py [--seeds 10] [--scale 1]` (`--quick`: three seeds). For each seed the
demo generator's six quarters are replayed as the worker would see them, one check per day (each check
tests the last week against the 28 days before it), and the alerts are scored against the planted episodes:
an alert is a hit when its day is inside an episode and its office, topic or stream is the episode's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--quick", action="store_true", help="three seeds")
    args = parser.parse_args()
    if args.quick:
        args.seeds = 3
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    from otklik.intake.demo import planted_spikes
    from otklik.intake.demo.calendar import window
    from otklik.measures.tests.demo_spikes import demo_rows, episode_of, replay

    end = dt.date(2026, 11, 27)
    first, last = window(end, 6)
    planted = planted_spikes(end, 6)
    n_checks = (last - first).days + 1 - 35 + 1
    print(
        f"Конец периода {end}, масштаб {args.scale}, проверок за период {n_checks}, эпизодов {len(planted)}"
    )
    print("сид  найдено эпизодов  тревог  из них в эпизодах  точность  вне эпизодов  мс на проверку")
    precisions, outside, recall, per_check = [], [], [], []
    for seed in range(2026, 2026 + args.seeds):
        rows = demo_rows(seed, end, args.scale)
        started = time.perf_counter()
        alerts = replay(rows, first, last)
        ms = (time.perf_counter() - started) * 1000 / n_checks
        episodes = [episode_of(a, planted) for a in alerts]
        hits = sum(e is not None for e in episodes)
        found = len({e for e in episodes if e})
        precision = hits / len(alerts) if alerts else 1.0
        precisions.append(precision)
        outside.append(len(alerts) - hits)
        recall.append(found / len(planted))
        per_check.append(ms)
        print(
            f"{seed}  {found}/{len(planted)}{'':14}{len(alerts):6}  {hits:17}  {precision:8.2f}"
            f"  {len(alerts) - hits:12}  {ms:14.2f}"
        )
    print(
        f"Итого: эпизодов найдено {statistics.mean(recall):.0%}, точность медиана "
        f"{statistics.median(precisions):.2f} (мин. {min(precisions):.2f}), тревог вне эпизодов "
        f"в среднем {statistics.mean(outside):.1f} за шесть кварталов, проверка "
        f"{statistics.median(per_check):.2f} мс (без запроса к базе)"
    )


if __name__ == "__main__":
    main()
