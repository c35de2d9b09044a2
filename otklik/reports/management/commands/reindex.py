"""`otklik reindex`: rebuild the full-text search index from the registry."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from otklik.reports.search import reindex_all


class Command(BaseCommand):
    help = "Перестраивает полнотекстовый индекс реестра (леммы замаскированного текста)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = reindex_all()
        self.stdout.write(f"Проиндексировано записей: {count} за {time.monotonic() - started:.1f} с")
