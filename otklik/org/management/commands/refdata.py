from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError

from otklik.audit import context
from otklik.org import refdata


class Command(BaseCommand):
    help = "Справочники: загрузить значения по умолчанию, выгрузить или загрузить из файла YAML/JSON"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("defaults", help="загрузить справочники и регламент по умолчанию (приложение № 1)")
        exp = sub.add_parser("export", help="выгрузить справочники")
        exp.add_argument("file", nargs="?", default="-", help="файл .yaml или .json; «-» — стандартный вывод")
        exp.add_argument("--format", choices=["yaml", "json"], default=None)
        imp = sub.add_parser("import", help="загрузить справочники из файла (создает и обновляет по кодам)")
        imp.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            self._run(options)
        finally:
            context.reset(token)

    def _run(self, options: dict[str, Any]) -> None:
        action = options["action"]
        if action == "defaults":
            counts = refdata.load_defaults()
            self.stdout.write("Загружено: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        elif action == "export":
            target = options["file"]
            fmt = options["format"] or ("json" if target.endswith(".json") else "yaml")
            data = refdata.dump()
            text = (
                json.dumps(data, ensure_ascii=False, indent=2)
                if fmt == "json"
                else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            )
            if target == "-":
                sys.stdout.write(text)
            else:
                Path(target).write_text(text, encoding="utf-8")
                self.stdout.write(f"Справочники выгружены в {target}")
        else:
            try:
                counts = refdata.load(refdata.read_document(Path(options["file"])))
            except refdata.RefDataError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write("Загружено: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
