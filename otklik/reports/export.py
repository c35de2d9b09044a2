"""Export of the registry's current selection to CSV and XLSX, streamed, masked per role (`intake.access`),
audited."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from otklik.accounts.models import User
from otklik.audit import services as audit
from otklik.registry.models import Feedback, PersonalData
from otklik.reports.cells import safe_cell

BASE_COLUMNS = [
    "№ в реестре",
    "Поступило",
    "Поток",
    "Источник",
    "Идентификатор",
    "Рег. номер",
    "Налоговый орган",
    "Подразделение, давшее ответ",
    "Услуга",
    "Тематика",
    "Тональность",
    "Наименьшая оценка",
    "Заголовок",
    "Текст",
    "Ссылка",
]
PD_COLUMNS = ["ФИО", "ИНН", "Телефон", "Эл. почта", "Почтовый адрес"]
_CHUNK = 2000


def columns(with_pd: bool) -> list[str]:
    return BASE_COLUMNS + (PD_COLUMNS if with_pd else [])


def _personal(row: Feedback) -> list[str]:
    try:
        pd: PersonalData = row.personal
    except PersonalData.DoesNotExist:
        return [""] * len(PD_COLUMNS)
    if pd.erased_at:
        return ["(удалено)"] + [""] * (len(PD_COLUMNS) - 1)
    return [pd.full_name, pd.inn, pd.phone, pd.email, pd.postal_address]


def rows(queryset: QuerySet[Feedback], with_pd: bool) -> Iterator[list[Any]]:
    qs = queryset.select_related("channel", "sub_source", "office", "answering_unit", "service", "topic")
    if with_pd:
        qs = qs.select_related("personal")
    for f in qs.iterator(chunk_size=_CHUNK):
        row: list[Any] = [
            f.pk,
            timezone.localtime(f.received_at),
            f.channel.number,
            f.sub_source.name if f.sub_source else "",
            f.source_id,
            f.registration_number,
            str(f.office) if f.office else "",
            str(f.answering_unit) if f.answering_unit else "",
            f.service.name if f.service else "",
            f.topic.name if f.topic else "",
            f.get_tone_display() if f.tone else "",
            f.min_grade,
            # Without the right: the masked text the analysis stored (empty until a record is analysed).
            f.title if with_pd else f.masked_title,
            f.text if with_pd else f.masked_text,
            f.url,
        ]
        if with_pd:
            row += _personal(f)
        yield [safe_cell(v) for v in row]


class _Echo:
    """A file-like object whose write returns the line, so csv.writer feeds a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset: QuerySet[Feedback], with_pd: bool) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # Excel opens UTF-8 CSV as such only with the byte order mark
    yield writer.writerow(columns(with_pd))
    for row in rows(queryset, with_pd):
        out = [v.strftime("%d.%m.%Y %H:%M") if hasattr(v, "strftime") else v for v in row]
        yield writer.writerow(out)


def xlsx_file(queryset: QuerySet[Feedback], with_pd: bool) -> Any:
    """A temporary file with the workbook; written row by row (write-only mode), so memory stays flat."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Реестр")
    sheet.append(columns(with_pd))
    for row in rows(queryset, with_pd):
        sheet.append(row)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - handed to the response
    book.save(out)
    out.seek(0)
    return out


def record_export(user: User, fmt: str, params: dict[str, str], count: int, with_pd: bool) -> None:
    audit.record(
        "export" if not with_pd else "export_personal_data",
        acting_user=user,
        object_type="registry.feedback",
        object_repr=f"Выгрузка реестра ({fmt}, {count} записей)",
        changes={"format": fmt, "filters": params, "rows": count, "personal_data": with_pd},
    )
