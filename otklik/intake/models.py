"""What intake keeps beside the registry: rows refused by an import, uploads waiting for their columns,
uploaded files' bytes, media feeds, API clients and saved column mappings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from otklik.registry.models import ImportBatch


class QuarantineRow(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "ожидает исправления"
        ACCEPTED = "accepted", "принята"
        DISCARDED = "discarded", "отклонена"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="quarantine")
    row_number = models.PositiveIntegerField("строка")
    column = models.CharField("колонка", max_length=255, blank=True)
    reason = models.TextField("причина")
    raw = models.JSONField("содержимое строки", default=dict)
    # A record repeated in the file with other content: the version stored first, to compare with `raw`.
    conflict = models.JSONField("ранее загруженная версия записи", null=True, blank=True)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.OPEN)

    class Meta:
        verbose_name = "строка в карантине"
        verbose_name_plural = "карантин"
        ordering = ["batch", "row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="quarantine_row_unique")]

    def __str__(self) -> str:
        return f"{self.batch}: строка {self.row_number}"


class PendingUpload(models.Model):
    """A file uploaded through the web whose columns are still to be matched with the registry's fields. Its
    bytes are kept in the database, so that whichever web process serves the next step reads them; removed
    when the columns are matched, and by the worker a day after the upload if nobody came back to it."""

    KEPT_FOR = dt.timedelta(days=1)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="загрузил", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.ForeignKey(
        "org.Channel", verbose_name="поток", on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField("имя файла", max_length=255)
    created_at = models.DateTimeField("загружен", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "файл, ожидающий сопоставления столбцов"
        verbose_name_plural = "файлы, ожидающие сопоставления столбцов"

    def __str__(self) -> str:
        return self.file_name


class UploadPart(models.Model):
    """A piece of an uploaded file, kept in the database so that a worker on any machine imports it (or a web
    process on any machine continues its column matching); removed when the import ends (kept while the
    batch can still be resumed). A part belongs either to a batch or to a pending upload."""

    SIZE = 4 << 20

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="file_parts", null=True, blank=True
    )
    pending = models.ForeignKey(
        PendingUpload, on_delete=models.CASCADE, related_name="file_parts", null=True, blank=True
    )
    number = models.PositiveIntegerField("номер части")
    data = models.BinaryField("содержимое")

    class Meta:
        verbose_name = "часть загруженного файла"
        verbose_name_plural = "части загруженных файлов"
        ordering = ["batch", "pending", "number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "number"], name="upload_part_unique"),
            models.UniqueConstraint(fields=["pending", "number"], name="upload_part_pending_unique"),
            models.CheckConstraint(
                condition=Q(batch__isnull=False, pending__isnull=True)
                | Q(batch__isnull=True, pending__isnull=False),
                name="upload_part_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch or self.pending}: часть {self.number}"


class MediaFeed(models.Model):
    name = models.CharField("издание", max_length=255)
    url = models.URLField("адрес ленты (RSS/Atom)", max_length=1000, unique=True)
    source = models.CharField("вид СМИ", max_length=16, default="online")
    interval_minutes = models.PositiveIntegerField("период опроса, мин", default=60)
    enabled = models.BooleanField("опрашивать", default=True)
    etag = models.CharField(max_length=255, blank=True)
    last_modified = models.CharField(max_length=255, blank=True)
    last_polled_at = models.DateTimeField("последний опрос", null=True, blank=True)
    last_status = models.CharField("результат последнего опроса", max_length=500, blank=True)

    class Meta:
        verbose_name = "лента СМИ"
        verbose_name_plural = "ленты СМИ"

    def __str__(self) -> str:
        return self.name


class ApiClient(models.Model):
    """A system allowed to send feedback through the HTTP API; only the token's hash is kept."""

    name = models.CharField("система", max_length=255, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField("начало токена", max_length=8)
    created_at = models.DateTimeField("выдан", auto_now_add=True)
    revoked_at = models.DateTimeField("отозван", null=True, blank=True)

    class Meta:
        verbose_name = "внешняя система (токен API)"
        verbose_name_plural = "внешние системы (токены API)"

    def __str__(self) -> str:
        return self.name


class SavedMapping(models.Model):
    """A named column mapping of one source's exports, saved from the upload page or loaded from YAML."""

    name = models.SlugField("имя", max_length=100, unique=True)
    channel = models.ForeignKey(
        "org.Channel", verbose_name="поток", on_delete=models.PROTECT, related_name="+"
    )
    definition = models.JSONField("сопоставление")
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "шаблон сопоставления колонок"
        verbose_name_plural = "шаблоны сопоставления колонок"

    def __str__(self) -> str:
        return self.name
