from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from otklik.analysis.services import analyse_pending
from otklik.registry.models import Feedback


class Command(BaseCommand):
    help = "Проанализировать все еще не проанализированные записи реестра (тональность, тематика, ПДн)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        total = Feedback.objects.filter(analysed_at__isnull=True).count()
        done = 0
        with tqdm(total=total, desc="анализ текста", unit=" записей", disable=None) as bar:
            while n := analyse_pending(options["batch"]):
                done += n
                bar.update(n)
        self.stdout.write(f"Проанализировано записей: {done}")
