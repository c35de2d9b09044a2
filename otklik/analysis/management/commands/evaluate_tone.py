"""`evaluate_tone FILE`: the tone model on a labelled UTF-8 CSV (`text,label`); the last line is JSON.

Without a file: the side-by-side evaluation of EVALUATION.md (`otklik.nlp.tone_eval`), the product's
model and the plain baseline in one run, each trained only on data its protocol does not score it on.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from otklik.nlp.tone import LABELS, default_model, scores


class Command(BaseCommand):
    help = (
        "Оценка модели тональности на размеченном CSV (заголовок text,label); без файла — сравнение "
        "с базовой моделью на отложенных выборках, открытой тестовой части и перекрестной проверке."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--quick", action="store_true", help="без перекрестной проверки (быстрее)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        if path is None:
            from otklik.nlp import tone_eval

            for line in tone_eval.report(tone_eval.compare(quick=options["quick"])):
                self.stdout.write(line)
            return
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        except OSError as exc:
            raise CommandError(f"не удалось прочитать {path}: {exc}") from exc
        if not rows or not {"text", "label"} <= set(rows[0]):
            raise CommandError("нужен CSV с заголовком text,label")
        rows = [r for r in rows if r["label"].strip() in LABELS]
        if not rows:
            raise CommandError(f"нет строк с меткой из {', '.join(LABELS)}")
        model = default_model()
        texts = [r["text"] for r in rows]
        start = time.perf_counter()
        predicted = model.labels(texts)
        elapsed = time.perf_counter() - start
        s = scores([r["label"].strip() for r in rows], predicted)
        self.stdout.write(f"model {model.version}, {len(rows)} texts")
        self.stdout.write(f"{'class':10} {'P':>6} {'R':>6} {'F1':>6}")
        for label in LABELS:
            p, r, f1 = (s[f"{label}_{m}"] for m in ("precision", "recall", "f1"))
            self.stdout.write(f"{label:10} {p:6.3f} {r:6.3f} {f1:6.3f}")
        self.stdout.write(f"macro-F1 {s['macro_f1']:.3f}; {len(rows) / elapsed:.0f} texts/s")
        summary = {
            "n": len(rows),
            "negative_precision": round(s["negative_precision"], 4),
            "negative_recall": round(s["negative_recall"], 4),
            "negative_f1": round(s["negative_f1"], 4),
            "macro_f1": round(s["macro_f1"], 4),
            "texts_per_second": round(len(rows) / elapsed, 1),
        }
        self.stdout.write(json.dumps(summary))
