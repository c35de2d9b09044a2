"""The starting list of causes of negative feedback; the administration edits it afterwards."""

from typing import Any

from django.db import migrations

CAUSES = (
    ("behaviour", "Поведение сотрудника"),
    ("wrong_info", "Неверная информация"),
    ("delay", "Задержка"),
    ("software", "Сбой программного обеспечения"),
    ("regulation", "Нормативное регулирование"),
    ("other", "Другое"),
)


def add_causes(apps: Any, schema_editor: Any) -> None:
    cause = apps.get_model("monitoring", "Cause")
    for order, (code, name) in enumerate(CAUSES, start=1):
        cause.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def remove_causes(apps: Any, schema_editor: Any) -> None:
    apps.get_model("monitoring", "Cause").objects.filter(code__in=[c for c, _ in CAUSES]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(add_causes, remove_causes)]
