from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from otklik.accounts import roles
from otklik.accounts.models import User
from otklik.audit import context
from otklik.audit import services as audit
from otklik.org.models import Unit

# username, role, unit code, last name, first name, patronymic
DEMO_USERS = [
    ("admin", roles.ADMINISTRATOR, "50", "Смирнов", "Алексей", "Викторович"),
    ("leader", roles.LEADERSHIP, None, "Ковалева", "Ирина", "Николаевна"),
    ("officer", roles.UNIT_OFFICER, "07", "Лебедев", "Дмитрий", "Сергеевич"),
    ("officer16", roles.UNIT_OFFICER, "16", "Орлова", "Наталья", "Петровна"),
    ("general", roles.UNIT_OFFICER, "01", "Федорова", "Ольга", "Андреевна"),
    ("analyst", roles.ANALYST, "26", "Никитин", "Павел", "Игоревич"),
    ("auditor", roles.AUDITOR, "06", "Соколова", "Елена", "Юрьевна"),
]

# Heads of the units, as the signature of their documents reads (invented for the demonstration).
DEMO_HEADS = {
    "01": "О. В. Медведева",
    "07": "Е. В. Григорьева",
    "16": "А. Н. Павлов",
    "26": "С. И. Зайцева",
    "39": "М. А. Волков",
    "40": "Т. Г. Белова",
}


class Command(BaseCommand):
    help = "Создать демонстрационных пользователей, по одному на роль, и напечатать их пароли"

    def handle(self, *args: Any, **options: Any) -> None:
        path = settings.VAR_DIR / "demo-users.txt"
        saved = (
            dict(line.split("\t", 1) for line in path.read_text("utf-8").splitlines())
            if path.exists()
            else {}
        )
        token = context.bind(context.RequestContext(origin="cli"))
        try:
            with transaction.atomic():
                for username, role, unit_code, last, first, patronymic in DEMO_USERS:
                    password = saved.get(username) or secrets.token_urlsafe(9)
                    user, created = User.objects.get_or_create(
                        username=username,
                        defaults={
                            "last_name": last,
                            "first_name": first,
                            "patronymic": patronymic,
                            "unit": Unit.objects.filter(code=unit_code).first() if unit_code else None,
                            "is_staff": role == roles.ADMINISTRATOR,
                        },
                    )
                    if created or username not in saved:
                        user.set_password(password)
                        user.save()
                        audit.record("user.created_demo", obj=user, changes={"role": role})
                    user.groups.add(Group.objects.get(name=role))
                    saved[username] = password
                for unit in Unit.objects.filter(code__in=DEMO_HEADS, head_name=""):
                    unit.head_name = DEMO_HEADS[unit.code]
                    unit.save(update_fields=["head_name"])
                    audit.record("unit.head_demo", obj=unit, changes={"head_name": ["", unit.head_name]})
        finally:
            context.reset(token)
        path.write_text("".join(f"{u}\t{p}\n" for u, p in saved.items()), encoding="utf-8")
        path.chmod(0o600)
        self.stdout.write("Демонстрационные пользователи (имя — пароль — роль):")
        for username, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {saved[username]:<14} {role}")
        self.stdout.write(f"Пароли сохранены в {path}")
