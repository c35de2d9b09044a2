from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from otklik.audit import context
from otklik.intake.api import issue_token, revoke_token
from otklik.intake.models import ApiClient


class Command(BaseCommand):
    help = "Токены HTTP API для внешних систем: выдать, отозвать, перечислить"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("issue", help="выдать токен системе").add_argument("name")
        sub.add_parser("revoke", help="отозвать токен системы").add_argument("name")
        sub.add_parser("list", help="перечислить системы")

    def handle(self, *args: Any, **options: Any) -> None:
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            if options["action"] == "issue":
                if ApiClient.objects.filter(name=options["name"]).exists():
                    raise CommandError(
                        f"Система «{options['name']}» уже есть; отзовите ее токен и выдайте новый"
                    )
                client, secret = issue_token(options["name"])
                self.stdout.write(f"Токен для «{client.name}» (показывается один раз):\n{secret}")
            elif options["action"] == "revoke":
                found = ApiClient.objects.filter(name=options["name"], revoked_at__isnull=True).first()
                if found is None:
                    raise CommandError(f"Нет действующего токена у системы «{options['name']}»")
                revoke_token(found)
                self.stdout.write(f"Токен системы «{found.name}» отозван")
            else:
                for c in ApiClient.objects.order_by("name"):
                    state = f"отозван {c.revoked_at:%d.%m.%Y}" if c.revoked_at else "действует"
                    self.stdout.write(f"{c.name}\t{c.token_prefix}…\t{state}")
        finally:
            context.reset(token)
