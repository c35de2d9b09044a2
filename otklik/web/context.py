from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

# (title, url name, permissions of which any one admits, or None for any signed-in user)
SECTIONS: list[tuple[str, str, tuple[str, ...] | str | None]] = [
    ("Главная", "home", None),
    ("Реестр", "reports:registry", ("accounts.view_all_units", "accounts.work_unit_items")),
    ("Загрузка", "intake:batches", "registry.view_importbatch"),
    ("Мое подразделение", "monitoring:my_unit", "accounts.work_unit_items"),
    ("Мониторинг", "monitoring:calendar", "accounts.view_all_units"),
    ("Меры", "measures:list", ("accounts.view_all_units", "measures.view_measure")),
    ("Отчеты", "reports:index", ("accounts.view_all_units", "accounts.work_unit_items")),
    ("Сводка", "reports:dashboard", "accounts.view_all_units"),
    ("Модель анализа", "analysis:models", "analysis.view_modelversion"),
    ("Аудит", "audit:log", "audit.view_audit_log"),
    ("Регламент", "regulation", None),
    ("Удаление данных", "registry:erasure", "accounts.erase_personal_data"),
    ("Администрирование", "admin:index", "accounts.manage_reference"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    items = []
    for title, url_name, perm in SECTIONS:
        wanted = (perm,) if isinstance(perm, str) else perm
        if wanted and not any(user.has_perm(p) for p in wanted):
            continue
        url = reverse(url_name)
        items.append(
            {
                "title": title,
                "url": url,
                "active": request.path == url or (url != "/" and request.path.startswith(url)),
            }
        )
    return {"nav_sections": items}
