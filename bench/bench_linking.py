"""Cost of linking per record after an import: the demo (about 20,000 records at scale 1) registered into a
fresh database, then the worker's linking job run until every record is checked.

Run: `OTKLIK_SECRET_KEY=x DATABASE_URL=sqlite:////tmp/links.sqlite3 python bench/bench_linking.py [--scale 1]`
(the database must not exist yet, or be empty: it is migrated here). Prints the records, the time of the
linking job per record, and the links found by kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from collections import Counter

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    django.setup()
    from django.core.management import call_command

    from otklik.intake.demo import generate
    from otklik.intake.linking import link_pending
    from otklik.intake.models import Feedback, FeedbackLink
    from otklik.intake.services import References, register_many
    from otklik.org import refdata

    call_command("migrate", verbosity=0)
    refdata.load_defaults()
    items = list(generate(seed=args.seed, scale=args.scale, end=dt.date(2026, 9, 30)))
    refs = References()
    for i in range(0, len(items), 2000):
        register_many([item.record for item in items[i : i + 2000]], refs=refs)
    records = Feedback.objects.count()
    started = time.perf_counter()
    while Feedback.objects.filter(links_checked=False).exists():
        link_pending()
    elapsed = time.perf_counter() - started
    kinds = Counter(FeedbackLink.objects.values_list("kind", flat=True))
    print(f"records {records}, linking {elapsed:.1f} s, {1000 * elapsed / records:.2f} ms per record")
    print("links:", dict(sorted(kinds.items())))


if __name__ == "__main__":
    main()
