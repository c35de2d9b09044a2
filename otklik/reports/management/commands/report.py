"""`otklik report quarterly 2026Q3 --format docx [--unit CODE] [-o FILE]`: build one report to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.audit import services as audit
from otklik.org.models import Unit
from otklik.reports import catalogue
from otklik.reports.periods import parse
from otklik.reports.render import FORMATS, render


class Command(BaseCommand):
    help = "Строит отчет за период: daily 2026-11-27, weekly 2026-W47, quarterly 2026Q3."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(catalogue.kinds()))
        parser.add_argument("period", help="код периода: 2026-11-27, 2026-W47, 2026Q3")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="docx")
        parser.add_argument("--unit", help="код подразделения (еженедельный и квартальный отчеты)")
        parser.add_argument(
            "-o", "--output", help="файл; по умолчанию <вид>-<период>.<формат> в текущем каталоге"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = catalogue.kinds()[options["kind"]]
        try:
            period = parse(options["period"], kind.periodicity)
        except ValueError as exc:
            raise CommandError(f"{exc}; пример: {kind.example}") from None
        unit = None
        if options["unit"]:
            if not kind.takes_unit:
                raise CommandError("этот отчет строится без подразделения")
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"нет подразделения с кодом {options['unit']!r}")
        document = catalogue.build(kind.name, period, unit)
        data = render(document, options["fmt"])
        target = Path(options["output"] or f"{document.file_stem}.{options['fmt']}")
        target.write_bytes(data)
        audit.record(
            "report_export",
            object_type="reports.report",
            object_repr=f"{kind.title}, {period.label} ({options['fmt']})",
            changes={"kind": kind.name, "period": period.code, "format": options["fmt"], "file": str(target)},
        )
        self.stdout.write(f"{target} ({len(data)} байт)")
