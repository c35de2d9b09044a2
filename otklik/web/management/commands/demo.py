from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from otklik.audit import context
from otklik.demo import generate
from otklik.demo.item import DemoItem
from otklik.org.models import Channel
from otklik.registry.models import Feedback, ImportBatch
from otklik.registry.services import References, register_many

CHUNK = 2000


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные всех семи потоков (детерминированные, с заданным масштабом)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="масштаб: 1 — около 20 000 записей")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quarters", type=int, default=6)
        parser.add_argument(
            "--end", type=dt.date.fromisoformat, default=None, help="последний день, ГГГГ-ММ-ДД"
        )
        parser.add_argument("--if-empty", action="store_true", help="только если реестр пуст")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Feedback.objects.exists():
            self.stdout.write("Реестр не пуст: демонстрационные данные не загружаются")
            return
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            created = self._load(options)
        finally:
            context.reset(token)
        self.stdout.write(f"Демонстрационные данные: добавлено записей {created}")

    def _load(self, options: dict[str, Any]) -> int:
        refs = References()
        batches = {
            code: ImportBatch.objects.create(
                channel=channel, origin="demo", file_name=f"demo seed={options['seed']}"
            )
            for code, channel in ((c.code, c) for c in Channel.objects.all())
        }
        created = 0
        chunk: list[DemoItem] = []
        items = generate(
            seed=options["seed"], scale=options["scale"], end=options["end"], quarters=options["quarters"]
        )
        with tqdm(desc="демо-данные", unit=" записей", disable=None) as bar:
            for item in items:
                chunk.append(item)
                if len(chunk) >= CHUNK:
                    created += self._store(chunk, refs, batches)
                    bar.update(len(chunk))
                    chunk = []
            created += self._store(chunk, refs, batches)
            bar.update(len(chunk))
        for batch in batches.values():
            batch.status = ImportBatch.Status.DONE
            batch.save(update_fields=["status"])
        return created

    def _store(self, chunk: list[DemoItem], refs: References, batches: dict[str, ImportBatch]) -> int:
        from otklik.analysis.labels import store_demo_labels

        created = 0
        with transaction.atomic():
            by_channel: dict[str, list[DemoItem]] = {}
            for item in chunk:
                by_channel.setdefault(item.record.channel, []).append(item)
            for code, items in by_channel.items():
                outcomes = register_many([i.record for i in items], refs=refs, batch=batches[code])
                store_demo_labels(
                    [
                        (o.feedback_id, i.tone, i.topic)
                        for i, o in zip(items, outcomes, strict=True)
                        if o.status == "created" and o.feedback_id
                    ]
                )
                ImportBatch.objects.filter(pk=batches[code].pk).update(
                    position=batches[code].position + len(items)
                )
                batches[code].position += len(items)
                n = sum(o.status == "created" for o in outcomes)
                batches[code].created_count += n
                ImportBatch.objects.filter(pk=batches[code].pk).update(
                    created_count=batches[code].created_count
                )
                created += n
        return created
