from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from otklik.web import demo_story


class Command(BaseCommand):
    help = (
        "Проиграть на демонстрационных данных цикл мониторинга: мониторинги, анализ отзывов, меры и их "
        "эффект — день за днем, от имени демонстрационных пользователей (один раз)"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_story.already_played():
            self.stdout.write("Демонстрационная история уже проиграна или в базе есть своя история")
            return
        summary = demo_story.play()
        if summary is None:
            self.stdout.write(
                "Демонстрационная история не проиграна: нет данных или демонстрационных пользователей"
            )
            return
        self.stdout.write(str(summary))
