"""Spike alerts on demo data: planted episodes found and alerts elsewhere, over several seeds; check time.

Run: `python bench/bench_spikes.py [--seeds 10] [--scale 1]` (`--quick`: three seeds). For each seed the
demo generator's six quarters are replayed as the worker would see them, one check per day (each check
tests the last week against the 28 days before it), and the alerts are scored against the planted episodes:
an alert is a hit when its day is inside an episode and its office, topic or stream is the episode's.

`--registry END` replays `check_spikes` itself, one call per day, against the database of DATABASE_URL
(loaded with `otklik demo --end END` and analysed, so tones and topics are the analysis' own, not the
generator's labels); it runs in a transaction that is rolled back, so the database keeps no alert.
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
    parser.add_argument("--registry", type=dt.date.fromisoformat, help="the END the demo was loaded with")
    args = parser.parse_args()
    if args.quick:
        args.seeds = 3
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    import django

    django.setup()
    if args.registry:
        registry(args.registry)
        return
    from otklik.demo import planted_spikes
    from otklik.demo.calendar import window
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


def registry(end: dt.date) -> None:
    from django.db import transaction

    from otklik.demo import planted_spikes
    from otklik.demo.calendar import window
    from otklik.lib.spikes import SpikeAlert
    from otklik.measures import alerts
    from otklik.measures.models import Alert
    from otklik.measures.tests.demo_spikes import episode_of

    first, last = window(end, 6)
    planted = planted_spikes(end, 6)
    seconds = []
    with transaction.atomic():
        Alert.objects.all().delete()
        day = first + dt.timedelta(days=alerts.BASELINE_DAYS + alerts.RECENT_DAYS)
        while day <= last + dt.timedelta(days=1):
            started = time.perf_counter()
            alerts.check_spikes(day)
            seconds.append(time.perf_counter() - started)
            day += dt.timedelta(days=1)
        raised = list(Alert.objects.all())
        transaction.set_rollback(True)
    episodes = [
        episode_of(SpikeAlert((a.dimension, a.key), a.day, a.observed, a.expected, a.p_value), planted)
        for a in raised
    ]
    hits = sum(e is not None for e in episodes)
    print(
        f"Проверок {len(seconds)}, медиана {statistics.median(seconds) * 1000:.0f} мс "
        f"(с запросом к базе и записью тревог), тревог {len(raised)}, в эпизодах {hits} "
        f"(точность {hits / max(len(raised), 1):.2f}), найдено эпизодов "
        f"{len({e for e in episodes if e})}/{len(planted)}"
    )


if __name__ == "__main__":
    main()
