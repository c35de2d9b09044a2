"""The audit log in plain Russian for the auditor's page: what each action and each changed field means."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable, Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

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
    "feedback": "отзыв №",
    "basis": "основание направления",
}
# Codes a record keeps in its changes, in words.
VALUES: dict[str, dict[Any, str]] = {
    "basis": {
        "answering_unit": "отдел, дававший ответ",
        "topic": "тематика",
        "grade": "оценки",
        "triage": "разбор в общем отделе",
    },
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
            lines.append(f"{name}: {_coded(key, value)}")
    return lines


def _coded(key: str, value: Any) -> str:
    if isinstance(value, str) and value in VALUES.get(key, {}):
        return VALUES[key][value]
    return _value(value)


def record_model(object_type: str) -> type[models.Model] | None:
    """The model an event's object_type («org.topic») names, if it still exists."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_label(object_type: str) -> str:
    """«тематика» for «org.topic»: the kind of record as people call it."""
    model = record_model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def record_lines(model: type[models.Model] | None, changes: Mapping[str, Any], *, diff: bool) -> list[str]:
    """The changes of a record in words: each field by its name, values as shown on the pages
    («действует по: —», «периодичность: было «ежеквартально», стало «ежемесячно»»); the key is left out.
    A pair of values is a change from one to the other (`diff` says so for a field that holds lists)."""
    if model is None:
        return change_lines(changes)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    # A record written by a service may name a related record by its field's name and its code («unit»:
    # «16»), not by the key column («unit_id»): only a key is looked up.
    named = {f.name: f for f in model._meta.concrete_fields if f.name not in fields}
    lines = []
    for key, value in changes.items():
        field, by_key = fields.get(key), True
        if field is None and key in named:
            field, by_key = named[key], False
        if field is not None and field.primary_key:
            continue
        if field is None:
            lines.append(_related_rows(model, key, value))
        elif (
            isinstance(value, list) and len(value) == 2 and (diff or not isinstance(field, models.JSONField))
        ):
            before, after = (_shown(field, v, by_key=by_key) for v in value)
            lines.append(f"{field.verbose_name}: было «{before}», стало «{after}»")
        else:
            lines.append(f"{field.verbose_name}: {_shown(field, value, by_key=by_key)}")
    return lines


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def _related_rows(model: type[models.Model], key: str, value: Any) -> str:
    """Rows of another table recorded with their owner («rules» of a regulation): each row in words."""
    relation = next((r for r in model._meta.related_objects if r.get_accessor_name() == key), None)
    if relation is None or not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
        return change_lines({key: value})[0]
    related = relation.related_model
    by_name = {f.name: f for f in related._meta.concrete_fields}
    rows = []
    for row in value:
        parts = []
        for name, item in row.items():
            field = by_name.get(name)
            label = field.verbose_name if field is not None else FIELDS.get(name, name)
            # These rows name related records by their codes, not keys: shown as they are.
            parts.append(
                f"{label} {_shown(field, item, by_key=False) if field is not None else _value(item)}"
            )
        rows.append(", ".join(parts))
    return f"{related._meta.verbose_name_plural}: " + "; ".join(rows)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(field: models.Field[Any, Any], value: Any, *, by_key: bool = True) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(field, v, by_key=by_key) for v in value)
    choices = dict(field.flatchoices) if field.choices else {}
    if isinstance(value, Hashable) and value in choices:
        return str(choices[value])
    if by_key and field.many_to_one and field.related_model is not None and isinstance(value, int | str):
        try:
            target = field.related_model._default_manager.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            target = None
        return str(target) if target is not None else f"№ {value}"
    if isinstance(value, str) and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    return _value(value)
