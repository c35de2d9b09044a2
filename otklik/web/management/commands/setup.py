from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from otklik.org.models import Regulation


class Command(BaseCommand):
    help = (
        "Подготовить установку: миграции, статика, справочники по умолчанию (если база пуста), "
        "демонстрационные пользователи и данные, обучение моделей анализа текста"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-demo", action="store_true", help="без демонстрационных пользователей и данных"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("База данных: миграции применены")
        call_command("collectstatic", interactive=False, verbosity=0)
        if not Regulation.objects.exists():
            call_command("refdata", "defaults")
        else:
            self.stdout.write("Справочники уже загружены")
        if options["no_demo"]:
            return
        call_command("demo_users")
        call_command("train_tone")
        call_command("demo", "--if-empty")
        call_command("analyse_backlog")
        self._monitoring()

    def _monitoring(self) -> None:
        """What the worker and the people would have done over the demo period: the story of the monitoring
        cycle played day by day (rounds, routing, analyses, measures and their effect), then whatever is
        still due today, and the spike alerts."""
        import datetime as dt

        from django.utils import timezone

        from otklik.measures.alerts import RECENT_DAYS, check_spikes
        from otklik.monitoring.services import open_rounds, route_pending

        call_command("demo_story")
        today = timezone.localdate()
        rounds = open_rounds(until=today)
        routed = route_pending()
        alerts = 0
        day = today - dt.timedelta(days=182)
        while day <= today:
            alerts += len(check_spikes(day))
            day += dt.timedelta(days=RECENT_DAYS)
        self.stdout.write(
            f"Мониторинг: открыто раундов {rounds}, направлено на анализ {routed}, сигналов о росте {alerts}"
        )
