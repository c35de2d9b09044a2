"""Cost of linking per record after an import: the demo (about 20,000 records at scale 1) registered into a
fresh database, then the worker's linking job run until every record is checked.

Run: `scripts/bench linking [--scale 1] [--quick]` (`--quick`: scale 0.2). The database is a new SQLite
file in a temporary directory, migrated here and removed after. Prints the records, the time of the linking
job per record, and the links found by kind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from collections import Counter

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="scale 0.2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/links.sqlite3"
        run(0.2 if args.quick else args.scale, args.seed)


def run(scale: float, seed: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    django.setup()
    from django.core.management import call_command

    from otklik.demo import generate
    from otklik.org import refdata
    from otklik.registry.linking import link_pending
    from otklik.registry.models import Feedback, FeedbackLink
    from otklik.registry.services import References, register_many

    call_command("migrate", verbosity=0)
    refdata.load_defaults()
    items = list(generate(seed=seed, scale=scale, end=dt.date(2026, 9, 30)))
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
