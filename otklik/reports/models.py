"""The full-text search index: the lemmatised, personal-data-masked text of each feedback record.

The model is the same on every database; the searchable index over it is per database (an FTS5
table kept in step by triggers on SQLite; on PostgreSQL a stored generated column `vector`,
`to_tsvector('simple', lemmas)`, with a GIN index, and a btree index on `received_at` that PostgreSQL
combines with it), created by migrations 0002, 0003 and 0005 and queried by `otklik.reports.search`.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    feedback = models.OneToOneField(
        "registry.Feedback", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    lemmas = models.TextField("леммы текста")
    # A copy of the record's `received_at`, so that PostgreSQL narrows the text matches to the period in the
    # search index itself (migration 0005 keeps it in step when a record's time changes).
    received_at = models.DateTimeField("поступило", null=True, blank=True)
    indexed_at = models.DateTimeField("проиндексировано", auto_now=True)

    class Meta:
        verbose_name = "поисковый документ"
        verbose_name_plural = "поисковый индекс"

    def __str__(self) -> str:
        return f"Поиск: {self.feedback_id}"


class ExportJob(models.Model):
    """A file made by the worker and offered for download to the user who asked: a large export of the
    registry, or a report document over a size (`otklik.reports.export_jobs`)."""

    class Kind(models.TextChoices):
        REGISTRY = "registry", "выгрузка реестра"
        REPORT = "report", "документ отчета"

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "готовится"
        DONE = "done", "готова"
        FAILED = "failed", "не удалась"

    user = models.ForeignKey(
        "accounts.User", verbose_name="заказал", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("вид", max_length=8, choices=Kind.choices, default=Kind.REGISTRY)
    fmt = models.CharField("формат", max_length=8)
    # A registry export: the selection's filters; a report: its name, period code, unit code and whether
    # it is the named annex («report», «period», «unit», «named»).
    params = models.JSONField("параметры", default=dict)
    # A registry export: the records exported; a report: the records of its period and scope, the size
    # that sent it to the worker.
    total = models.PositiveIntegerField("записей", default=0)
    done = models.PositiveIntegerField("готово записей", default=0)
    status = models.CharField("состояние", max_length=8, choices=Status.choices, default=Status.QUEUED)
    file_path = models.CharField("файл", max_length=500, blank=True)
    file_name = models.CharField("имя файла", max_length=100, blank=True)
    message = models.CharField("сообщение", max_length=500, blank=True)
    created_at = models.DateTimeField("заказана", auto_now_add=True)
    finished_at = models.DateTimeField("готова", null=True, blank=True)

    class Meta:
        verbose_name = "файл, подготовленный обработчиком"
        verbose_name_plural = "файлы, подготовленные обработчиком"

    def __str__(self) -> str:
        label = "Выгрузка" if self.kind == self.Kind.REGISTRY else "Отчет"
        return f"{label} №{self.pk} ({self.fmt})"
