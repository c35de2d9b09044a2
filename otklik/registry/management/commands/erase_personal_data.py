from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from otklik.audit import context
from otklik.registry.retention import erase_expired


class Command(BaseCommand):
    help = "Удалить персональные данные записей старше срока хранения (OTKLIK_PD_RETENTION_DAYS)"

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            erased = erase_expired()
        finally:
            context.reset(token)
        self.stdout.write(f"Срок хранения {settings.PD_RETENTION_DAYS} дн.: удалены ПДн записей: {erased}")
