"""`train_tone`: build (or confirm) the cached tone model; run at installation and after data changes."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from otklik.nlp.tone import default_cache_dir, train


class Command(BaseCommand):
    help = "Обучить модель тональности и сохранить её в кэш моделей."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cache-dir", type=Path, default=None, help="каталог кэша моделей")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["cache_dir"] or default_cache_dir()
        start = time.perf_counter()
        model = train(cache_dir=directory)
        self.stdout.write(f"{model.version} в {directory} ({time.perf_counter() - start:.1f} с)")
