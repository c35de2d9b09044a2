"""Web uploads: the file is checked at once, kept in the database, and imported by a worker on any machine."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from otklik.intake import readers, stored_files
from otklik.intake.importer import ImportBusy, ImportRefused, file_kind, resolve_mapping, start_batch
from otklik.intake.models import PendingUpload
from otklik.intake.tasks import import_batch
from otklik.intake.upload_files import upload_dir
from otklik.org.models import Channel
from otklik.registry.models import ImportBatch

FIELD_CHOICES: list[tuple[str, str]] = [
    ("", "— не загружать —"),
    ("source_id", "Идентификатор записи (обязательно)"),
    ("received_at", "Дата и время поступления (обязательно)"),
    ("registration_number", "Регистрационный номер"),
    ("registered_at", "Дата регистрации"),
    ("source", "Источник (код)"),
    ("office", "Налоговый орган (код)"),
    ("answering_unit", "Подразделение (код)"),
    ("service", "Государственная услуга (код)"),
    ("taxpayer_kind", "Категория налогоплательщика"),
    ("title", "Заголовок"),
    ("text", "Текст"),
    ("url", "Ссылка"),
    ("appeal_kind", "Вид обращения"),
    ("is_complaint", "Признак жалобы"),
    ("topic_hint", "Тематика источника"),
    ("grades.overall", "Оценка (общая)"),
    ("grades.time_service", "Оценка: время предоставления услуги"),
    ("grades.time_queue", "Оценка: время ожидания"),
    ("grades.staff", "Оценка: вежливость и компетентность"),
    ("grades.comfort", "Оценка: комфортность"),
    ("grades.information", "Оценка: доступность информации"),
    ("personal.full_name", "ФИО"),
    ("personal.inn", "ИНН"),
    ("personal.phone", "Телефон"),
    ("personal.email", "Электронная почта"),
    ("personal.postal_address", "Почтовый адрес"),
]
DATE_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "iso", "excel"]


def store_upload(upload: UploadedFile[bytes]) -> Path:
    safe = re.sub(r"[^\w.\-]+", "_", Path(upload.name or "file").name)[-80:]
    target = upload_dir() / f"{uuid.uuid4().hex}_{safe}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def columns_of(path: Path) -> list[str]:
    with readers.open_table(path) as table:
        return list(table.columns)


def check(path: Path, channel: str, mapping: str) -> None:
    """Refuse, before anything is written, a file that cannot be read or lacks the mapping's columns."""
    if file_kind(path) != "table":
        return  # XML and feeds are checked by their readers when the batch runs
    column_mapping = resolve_mapping(mapping, channel)
    with readers.open_table(path) as table:
        column_mapping.check_header(table.columns)


def enqueue(path: Path, *, channel: str, mapping: str, acting_user: Any) -> ImportBatch:
    """A batch for the uploaded file, its bytes kept in the database (a worker on any machine reads them
    there), queued for the worker; the web machine's copy is removed. The same file uploaded again while
    its batch is not finished gets that batch: the second upload never runs beside the first.
    Raises `ImportBusy` when that batch is being imported right now."""
    batch = start_batch(path, channel=channel, mapping=mapping, acting_user=acting_user, origin="upload")
    if batch.claimed_by and batch.claimed_until and batch.claimed_until > timezone.now():
        path.unlink(missing_ok=True)
        raise ImportBusy(
            f"Файл уже загружается: пакет №{batch.pk}. Дождитесь окончания; повторная загрузка "
            "после нее продолжит с места остановки."
        )
    stored_files.keep(batch, path)
    path.unlink(missing_ok=True)
    import_batch.enqueue(batch.pk)
    return batch


def hold(path: Path, *, channel: str, file_name: str, acting_user: Any) -> PendingUpload:
    """A file whose columns are still to be matched, kept in the database (the next step may be served by a
    web process on another machine); the web machine's copy is removed."""
    with transaction.atomic():
        pending = PendingUpload.objects.create(
            uploaded_by=acting_user, channel=Channel.objects.get(code=channel), file_name=file_name[:255]
        )
        stored_files.keep(pending, path)
    path.unlink(missing_ok=True)
    return pending


def mapping_definition(name: str, channel: str, assignments: dict[str, str]) -> dict[str, Any]:
    """A mapping from the page's choices: file column -> field; dates read in the common formats."""
    columns = []
    for column, field in assignments.items():
        if not field:
            continue
        item: dict[str, Any] = {"field": field, "names": [column]}
        if field in ("received_at", "registered_at"):
            item["formats"] = DATE_FORMATS
        columns.append(item)
    return {"name": name, "title": name, "defaults": {"channel": channel}, "columns": columns}


__all__ = [
    "FIELD_CHOICES",
    "ImportBusy",
    "ImportRefused",
    "check",
    "columns_of",
    "enqueue",
    "hold",
    "mapping_definition",
    "store_upload",
]


def check_definition(path: Path, definition: dict[str, Any]) -> None:
    with readers.open_table(path) as table:
        readers.mapping_from_dict(definition).check_header(table.columns)
