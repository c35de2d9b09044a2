"""`analyse`: JSON lines in on stdin, one JSON line of analysis out per input line; no database."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Анализ записей: JSON Lines из stdin ({text, channel, grades, ...}) → JSON Lines в stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=256, help="записей в одном пакете")

    def handle(self, *args: Any, **options: Any) -> None:
        from otklik.nlp.pipeline import Analyser

        analyser = Analyser()
        batch: list[dict[str, Any]] = []
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"строка {number}: не JSON ({exc})") from exc
            if not isinstance(record, dict):
                raise CommandError(f"строка {number}: ожидается объект JSON")
            batch.append(record)
            if len(batch) >= options["batch"]:
                self._flush(analyser, batch)
                batch = []
        self._flush(analyser, batch)

    def _flush(self, analyser: Any, batch: list[dict[str, Any]]) -> None:
        for result in analyser.analyse(batch):
            self.stdout.write(json.dumps(result, ensure_ascii=False))
