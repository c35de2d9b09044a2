from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """The audit log is append-only: its records are never changed or deleted."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Журнал аудита не изменяется")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Журнал аудита не удаляется")


class AuditEvent(models.Model):
    """Who did what to which object, when (UTC), from where, in which request."""

    at = models.DateTimeField("время (UTC)", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("пользователь (имя)", max_length=150, blank=True)
    action = models.CharField("действие", max_length=64, db_index=True)
    object_type = models.CharField("тип объекта", max_length=64, blank=True, db_index=True)
    object_id = models.CharField("идентификатор объекта", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("объект", max_length=255, blank=True)
    changes = models.JSONField("изменения", default=dict, blank=True)
    ip = models.GenericIPAddressField("адрес", null=True, blank=True)
    request_id = models.CharField("идентификатор запроса", max_length=64, blank=True, db_index=True)
    origin = models.CharField("источник", max_length=16, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "событие аудита"
        verbose_name_plural = "журнал аудита"
        ordering = ["-at", "-id"]
        permissions = [("view_audit_log", "Просмотр журнала аудита")]

    def __str__(self) -> str:
        from otklik.audit.labels import action_label

        moment = timezone.localtime(self.at).strftime("%d.%m.%Y %H:%M:%S") if self.at else ""
        return f"{moment} — {action_label(self.action)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Журнал аудита не изменяется")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Журнал аудита не удаляется")
