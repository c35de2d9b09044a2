from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from otklik.audit import context
from otklik.intake.importer import ImportRefused, import_file
from otklik.registry.models import ImportBatch


class Command(BaseCommand):
    help = "Загрузить файлы обратной связи одного потока (CSV, XLSX, XML «Ваш контроль», RSS/Atom)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--channel",
            required=True,
            help="код потока: lk_comments, appeals, forwarded, calls, surveys, vashkontrol, media",
        )
        parser.add_argument("--mapping", default="", help="шаблон сопоставления колонок: имя или путь к YAML")
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.bind(context.RequestContext(origin="cli"))
        rejected = failed = partial = 0
        try:
            for path in options["files"]:
                batch = self._one(path, options["channel"], options["mapping"])
                rejected += batch.rejected_count
                failed += batch.status == ImportBatch.Status.FAILED
                partial += batch.status == ImportBatch.Status.PARTIAL
        finally:
            context.reset(token)
        if failed or partial or rejected:
            raise CommandError(
                f"Есть ошибки: отклонено файлов {failed}, загружено частично {partial}, "
                f"строк в карантине {rejected}"
            )

    def _one(self, path: Path, channel: str, mapping: str) -> ImportBatch:
        bar = tqdm(desc=path.name, unit=" строк", disable=None, dynamic_ncols=True)

        def progress(batch: ImportBatch) -> None:
            bar.total = batch.total_rows
            bar.n = batch.position
            bar.refresh()

        try:
            batch = import_file(path, channel=channel, mapping=mapping, progress=progress)
        except ImportRefused as exc:
            bar.close()
            raise CommandError(f"{path}: {exc}") from None
        bar.close()
        if batch.status == ImportBatch.Status.FAILED:
            self.stderr.write(f"{path}: файл отклонен целиком, из него ничего не записано: {batch.message}")
        else:
            if batch.status == ImportBatch.Status.PARTIAL:
                self.stderr.write(f"{path}: пакет №{batch.pk}: {batch.message}")
            self.stdout.write(
                f"{path}: пакет №{batch.pk}: строк {batch.position}, добавлено {batch.created_count}, "
                f"повторов {batch.duplicate_count}, в карантине {batch.rejected_count}"
            )
            for row in batch.quarantine.all()[:20]:
                self.stdout.write(f"  строка {row.row_number}, {row.column or '—'}: {row.reason}")
            if batch.rejected_count > 20:
                self.stdout.write(f"  … и еще {batch.rejected_count - 20}; все — на странице пакета")
        return batch
