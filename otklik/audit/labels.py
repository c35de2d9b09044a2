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
    "pd.viewed": "Просмотр персональных данных",
    "feedback.registered": "Регистрация записи в реестре",
    "api.feedback_posted": "Запись получена от внешней системы",
    "api.token_issued": "Выдача ключа доступа внешней системе",
    "api.token_revoked": "Отзыв ключа доступа внешней системы",
    "import.started": "Начало загрузки файла",
    "import.finished": "Загрузка файла завершена",
    "import.stopped": "Загрузка файла остановлена",
    "import.refused": "Файл не принят",
    "mapping.saved": "Сохранение шаблона сопоставления столбцов",
    "quarantine.accepted": "Строка карантина принята",
    "quarantine.discarded": "Строка карантина отброшена",
    "analysis.corrected": "Исправление тональности или тематики",
    "analysis.retrained": "Переобучение модели тональности",
    "topic.assigned": "Закрепление тематики за подразделением",
    "regulation.adopted": "Утверждение регламента",
    "regulation.closed": "Окончание действия регламента",
    "monitoring.rounds_opened": "Открытие мониторингов за период",
    "monitoring.round_closed": "Закрытие мониторинга за период",
    "monitoring.rounds_reminded": "Напоминание о просроченных мониторингах",
    "monitoring.analysis_routed": "Направление отзыва на анализ",
    "monitoring.analysis_transferred": "Передача отзыва другому подразделению",
    "monitoring.analysis_taken": "Отзыв взят в работу",
    "monitoring.analysis_recorded": "Запись результата анализа",
    "monitoring.analysis_closed": "Закрытие анализа",
    "monitoring.analysis_reopened": "Возобновление анализа",
    "monitoring.analysis_withdrawn": "Анализ снят: отзыв больше не отрицательный",
    "monitoring.analysis_restored": "Анализ возобновлен: отзыв снова отрицательный",
    "monitoring.notified": "Уведомление",
    "monitoring.notifications_read": "Уведомления прочитаны",
    "measure.proposed": "Предложение меры",
    "measure.approved": "Согласование меры",
    "measure.in_progress": "Начало выполнения меры",
    "measure.done": "Мера выполнена",
    "measure.rejected": "Мера отклонена",
    "alert.raised": "Сигнал о росте отрицательных отзывов",
    "alert.acknowledged": "Сигнал принят к сведению",
    "alert.closed": "Сигнал закрыт",
    "report.mailed": "Рассылка отчета по почте",
    "user.created_demo": "Создание демонстрационного пользователя",
    "unit.head_demo": "Руководитель подразделения (демонстрационные данные)",
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
    "fields": "показанные поля",
    "users": "получатели (номера учетных записей)",
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
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", ",")
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


# Events written before the registry's records moved from the intake app name them by their former app.
FORMER_TYPES = {
    f"intake.{name}": f"registry.{name}"
    for name in ("feedback", "importbatch", "personaldata", "feedbacklink", "linkkey")
}


def types_of(model: type[models.Model]) -> list[str]:
    """The object types a model's events carry: its own and, for the registry's records, the former one."""
    own = model._meta.label_lower
    return [own, *(former for former, now in FORMER_TYPES.items() if now == own)]


def record_model(object_type: str) -> type[models.Model] | None:
    """The model an event's object_type («org.topic») names, if it still exists."""
    try:
        return apps.get_model(FORMER_TYPES.get(object_type, object_type))
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
    many = {f.name: f for f in model._meta.many_to_many}
    lines = []
    for key, value in changes.items():
        field, by_key = fields.get(key), True
        if field is None and key in named:
            field, by_key = named[key], False
        if field is not None and field.primary_key:
            continue
        if field is None and key in FIELDS:  # named here on purpose («groups» are the roles)
            lines.append(change_lines({key: value})[0])
        elif key in many:
            if _is_pair(value) and all(isinstance(v, list) for v in value):
                before, after = (_value(v) for v in value)
                lines.append(f"{many[key].verbose_name}: было «{before}», стало «{after}»")
            else:
                lines.append(f"{many[key].verbose_name}: {_value(value)}")
        elif key == "fields" and isinstance(value, list):  # which fields of the record were shown
            shown = [str(fields[v].verbose_name) if v in fields else str(v) for v in value]
            lines.append(f"{FIELDS['fields']}: {', '.join(shown)}")
        elif field is None:
            lines.append(_related_rows(model, key, value))
        elif (
            isinstance(value, list) and len(value) == 2 and (diff or not isinstance(field, models.JSONField))
        ):
            before, after = (_shown(field, v, by_key=by_key) for v in value)
            lines.append(f"{field.verbose_name}: было «{before}», стало «{after}»")
        else:
            lines.append(f"{field.verbose_name}: {_shown(field, value, by_key=by_key)}")
    return lines


def _related(model: type[models.Model], value: int | str, by_key: bool) -> models.Model | None:
    """The record a value names: by its key, or (in rows written with codes) by its code."""
    has_code = any(f.name == "code" for f in model._meta.concrete_fields)
    if not by_key and not has_code:
        return None
    try:
        return model._default_manager.filter(**{"pk" if by_key else "code": value}).first()
    except (ValueError, TypeError, ValidationError):
        return None


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
    if field.many_to_one and field.related_model is not None and isinstance(value, int | str):
        target = _related(field.related_model, value, by_key)
        if target is not None:
            return str(target)
        if by_key:
            return f"№ {value}"
    if isinstance(value, str) and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    return _value(value)
