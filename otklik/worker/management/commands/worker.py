"""`otklik worker [--loop | --once | --status] [--queues a,b] [--interval S] [--lease S]`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS

from otklik.worker import registry, status
from otklik.worker.runner import Worker


def configured_queues() -> list[str]:
    return list(settings.TASKS[DEFAULT_TASK_BACKEND_ALIAS].get("QUEUES", ["default"]))


class Command(BaseCommand):
    help = (
        "Фоновый обработчик: очереди задач и периодические задания всех приложений. "
        "Обработчиков может быть сколько угодно на одной базе PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--loop", action="store_true", help="работать, пока не остановят (по умолчанию)")
        mode.add_argument(
            "--once", action="store_true", help="один проход: задания, срок которых настал, и вся очередь"
        )
        mode.add_argument("--status", action="store_true", help="показать обработчики, очереди и задания")
        parser.add_argument("--queues", help="очереди через запятую; по умолчанию все из настроек")
        parser.add_argument(
            "--no-jobs", action="store_true", help="только очереди задач, без периодических заданий"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="пауза в секундах, когда работы нет (2)"
        )
        parser.add_argument(
            "--lease",
            type=int,
            default=600,
            help="секунд без сигнала, после которых работа пропавшего обработчика передается другому (600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lease = dt.timedelta(seconds=options["lease"])
        jobs = registry.discover()
        if options["status"]:
            self.stdout.write("\n".join(status.lines(jobs, lease)))
            return
        known = configured_queues()
        queues = [q.strip() for q in (options["queues"] or ",".join(known)).split(",") if q.strip()]
        unknown = sorted(set(queues) - set(known))
        if unknown:
            raise CommandError(f"неизвестные очереди: {', '.join(unknown)}; есть: {', '.join(known)}")
        if options["interval"] <= 0 or options["lease"] <= 0:
            raise CommandError("--interval и --lease должны быть больше нуля")
        self._log_to_console(options["verbosity"])
        worker = Worker(
            jobs=[] if options["no_jobs"] else jobs, queues=queues, interval=options["interval"], lease=lease
        )
        restore_signals = worker.install_signal_handlers()
        try:
            if options["once"]:
                worker.run_once()
                failed = sum(outcome == "failed" for _, outcome in worker.periodic_runs)
                runs = len(worker.periodic_runs)
                tasks = worker.tasks_run
                self.stdout.write(f"Заданий выполнено: {runs} (с ошибкой {failed}), задач: {tasks}")
                if failed:
                    raise CommandError(f"заданий с ошибкой: {failed}; подробности — otklik worker --status")
            else:
                worker.run_forever()
        finally:
            restore_signals()

    def _log_to_console(self, verbosity: int) -> None:
        # The root logger of the settings prints to the console; -v 0 keeps only warnings.
        for name in ("otklik.worker", "django_tasks_db", "django.tasks"):
            logging.getLogger(name).setLevel(logging.INFO if verbosity >= 1 else logging.WARNING)
