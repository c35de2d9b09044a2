from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from otklik.audit import context
from otklik.lib.ru import plural
from otklik.registry import retention


class Command(BaseCommand):
    help = (
        "Удалить персональные данные одного человека по его требованию (ст. 21 152-ФЗ) из всех его записей: "
        "otklik erase-person inn|name|contact ЗНАЧЕНИЕ --reason ОСНОВАНИЕ [--dry-run]"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "kind", choices=list(retention.KEY_KINDS), help="по чему искать: ИНН, ФИО, контакт"
        )
        parser.add_argument("key", help="ИНН, ФИО полностью, телефон или адрес эл. почты")
        parser.add_argument("--reason", default="", help="основание: номер и дата заявления (без ФИО и ИНН)")
        parser.add_argument("--dry-run", action="store_true", help="только показать найденные записи")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            who = retention.person(options["kind"], options["key"])
        except retention.PersonNotGiven as exc:
            raise CommandError(str(exc)) from None
        matches = retention.find_records(who)
        for m in matches:
            self.stdout.write(f"№ {m.feedback.pk} от {m.feedback.received_at:%d.%m.%Y}: {m.reason}")
        if not matches:
            self.stdout.write("Записей с такими данными нет (или их персональные данные уже удалены).")
            return
        if options["dry_run"]:
            self.stdout.write(
                f"Найдено: {len(matches)} {plural(len(matches), 'запись', 'записи', 'записей')}."
            )
            return
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            count = retention.erase_person(
                who, [m.feedback.pk for m in matches], reason=options["reason"], acting_user=None
            )
        except retention.PersonNotGiven as exc:
            raise CommandError(str(exc)) from None
        finally:
            context.reset(token)
        self.stdout.write(
            f"Персональные данные удалены из {count} {plural(count, 'записи', 'записей', 'записей')}."
        )
