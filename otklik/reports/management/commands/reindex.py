"""`otklik reindex`: rebuild what is derived from the registry: the search index and the daily tallies."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from otklik.reports import tallies
from otklik.reports.search import reindex_all


class Command(BaseCommand):
    help = (
        "Перестраивает полнотекстовый индекс реестра (леммы замаскированного текста) и, на SQLite, "
        "месячные итоги для панели руководства."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = reindex_all()
        self.stdout.write(f"Проиндексировано записей: {count} за {time.monotonic() - started:.1f} с")
        started = time.monotonic()
        if tallies.rebuild():
            self.stdout.write(f"Месячные итоги пересчитаны за {time.monotonic() - started:.1f} с")
