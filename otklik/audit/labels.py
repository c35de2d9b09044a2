"""The audit log in plain Russian for the auditor's page: what each action and each changed field means."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from otklik.lib.ru import person

ACTIONS = {
    "accounts.access_changed": "Изменение ролей и прав пользователя",
    "accounts.group_permissions_changed": "Изменение прав роли",
    "accounts.login_locked": "Вход временно закрыт после неудачных попыток",
    "refdata.created": "Добавление записи справочника",
    "refdata.updated": "Изменение записи справочника",
    "refdata.deleted": "Удаление записи справочника",
    "pd.erased": "Удаление персональных данных по сроку хранения",
    "pd.erased_on_request": "Удаление персональных данных по требованию",
    "pd.erasure_search": "Поиск записей человека для удаления его персональных данных",
    "export": "Выгрузка реестра",
    "export_personal_data": "Выгрузка реестра с персональными данными",
    "report_export": "Скачивание отчета",
}

FIELDS = {
    "is_active": "учетная запись действует",
    "is_staff": "вход в администрирование",
    "is_superuser": "полные права (суперпользователь)",
    "unit": "подразделение",
    "unit_id": "подразделение",
    "groups": "роли",
    "user_permissions": "отдельные права",
    "permissions": "права роли",
    "records": "записей",
    "reason": "основание",
    "quarantine_rows": "строк карантина",
    "rows": "строк",
    "format": "формат",
}


# Where an action without a signed-in user came from (AuditEvent.origin; the login field holds the same code).
ORIGINS = {
    "system": "система",
    "worker": "фоновый обработчик",
    "cli": "команда администратора",
    "api": "внешняя система",
    "web": "без входа в систему",
}


def origin_label(origin: str) -> str:
    return ORIGINS.get(origin or "system", origin)


def actor_label(event: Any) -> str:
    """Who did it, as a person reads it: «Федорова О. А.», or where it came from when no user acted."""
    if event.actor_id is not None:
        return person(event.actor)
    return (
        origin_label(event.origin)
        if event.actor_label in ("", event.origin or "system")
        else event.actor_label
    )


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def _value(value: Any) -> str:
    if value is True:
        return "да"
    if value is False:
        return "нет"
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value)
    return str(value)


def change_lines(changes: Mapping[str, Any]) -> list[str]:
    """One line per changed field: «роли: было «Аналитик», стало «Аналитик, Руководство»»."""
    lines = []
    for key, value in changes.items():
        name = FIELDS.get(key, key)
        if isinstance(value, list) and len(value) == 2 and key in FIELDS:
            before, after = value
            lines.append(f"{name}: было «{_value(before)}», стало «{_value(after)}»")
        else:
            lines.append(f"{name}: {_value(value)}")
    return lines
