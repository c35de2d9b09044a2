"""`remask`: bring the stored masked texts up to the masking rule (the record's own personal data masked)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Замаскировать в сохраненных текстах записей их собственные персональные данные (ФИО, ИНН, телефон, "
        "почту, адрес) и обновить поисковый индекс"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from otklik.analysis.services import remask_known

        changed = remask_known()
        self.stdout.write(f"Тексты с маскированием обновлены: {changed}")
