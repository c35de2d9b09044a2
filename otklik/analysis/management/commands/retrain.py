from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from otklik.analysis.retraining import retrain
from otklik.audit import context


class Command(BaseCommand):
    help = "Обучить новую версию модели тональности с учетом исправлений сотрудников; ввести, если не хуже"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            version = retrain()
        finally:
            context.reset(token)
        self.stdout.write(f"Версия {version.version}: {version.note}")
        for name, figures in version.metrics.items():
            self.stdout.write(f"  {name}: " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()))
