"""What the background worker records: the runs of periodic jobs (one row per job and slot, so a slot runs
once across all workers), the live workers, and the report mailings with their deliveries; and, for the
administration, the queued tasks under Russian names."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django_tasks_db.models import DBTaskResult


class PeriodicRun(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", "выполняется"
        OK = "ok", "выполнено"
        FAILED = "failed", "ошибка"

    name = models.CharField("задание", max_length=100)
    slot = models.BigIntegerField("слот")  # floor(epoch seconds / period): the run this row stands for
    worker_id = models.CharField("обработчик", max_length=64)
    attempts = models.PositiveIntegerField("попыток", default=1)
    started_at = models.DateTimeField("начало")
    finished_at = models.DateTimeField("окончание", null=True, blank=True)
    outcome = models.CharField("итог", max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    summary = models.TextField("результат", blank=True)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        verbose_name = "запуск периодического задания"
        verbose_name_plural = "запуски периодических заданий"
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="worker_periodic_run_once")]
        indexes = [models.Index(fields=["name", "-slot"])]

    def __str__(self) -> str:
        return f"{self.name} #{self.slot}"


class WorkerHeartbeat(models.Model):
    """A live `otklik worker`: written every few seconds; a row gone stale means the worker died."""

    worker_id = models.CharField("обработчик", max_length=64, unique=True)
    host = models.CharField("машина", max_length=255)
    pid = models.PositiveIntegerField("процесс")
    started_at = models.DateTimeField("запущен")
    last_seen = models.DateTimeField("последний сигнал")
    current = models.CharField("сейчас выполняет", max_length=255, blank=True)

    class Meta:
        verbose_name = "обработчик"
        verbose_name_plural = "обработчики"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return self.worker_id


class ReportMailing(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", "ежедневный обзор публикаций СМИ (каждый рабочий день)"
        WEEKLY = "weekly", "еженедельный отчет по ЛК ФЛ (по понедельникам)"
        QUARTERLY = "quarterly", "ежеквартальная справка (после окончания квартала)"

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"

    kind = models.CharField("отчет", max_length=20, choices=Kind.choices)
    fmt = models.CharField("формат", max_length=10, choices=Format.choices, default=Format.DOCX)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="подразделение",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="для еженедельного и квартального отчетов; пусто — по всему управлению",
    )
    emails = models.TextField("адреса эл. почты", blank=True, help_text="через запятую или с новой строки")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="сотрудники", blank=True, related_name="+"
    )
    active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "рассылка отчета"
        verbose_name_plural = "рассылки отчетов"
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.get_fmt_display()}"

    def recipients(self) -> list[str]:
        listed = [a.strip() for a in self.emails.replace("\n", ",").replace(";", ",").split(",")]
        addresses = [a for a in listed if a]
        addresses += [u.email for u in self.users.filter(is_active=True) if u.email]
        return list(dict.fromkeys(addresses))


class MailingDelivery(models.Model):
    """One mail of a mailing for one period: the row is written before sending, so it is never sent twice."""

    class Status(models.TextChoices):
        SENDING = "sending", "отправляется"
        SENT = "sent", "отправлено"

    mailing = models.ForeignKey(
        ReportMailing, verbose_name="рассылка", on_delete=models.CASCADE, related_name="deliveries"
    )
    period = models.CharField("период", max_length=20)
    status = models.CharField("состояние", max_length=10, choices=Status.choices, default=Status.SENDING)
    claimed_at = models.DateTimeField("начата")
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)
    recipients = models.TextField("получатели", blank=True)
    attachment = models.CharField("вложение", max_length=255, blank=True)

    class Meta:
        verbose_name = "отправка отчета"
        verbose_name_plural = "отправки отчетов"
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "period"], name="worker_mailing_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.mailing} — {self.period}"


# What each queued task does, as the administration names it; a task not listed shows its code.
TASK_NAMES = {
    "otklik.intake.tasks.import_batch": "загрузка файла в реестр",
    "otklik.reports.tasks.make_export": "выгрузка реестра",
    "otklik.analysis.tasks.retrain_task": "переобучение модели тональности",
}


class BackgroundTask(DBTaskResult[Any, Any]):
    """A task of the queue (django-tasks-db's table), shown in the administration in Russian."""

    class Meta:
        proxy = True
        verbose_name = "фоновая задача"
        verbose_name_plural = "фоновые задачи"

    def __str__(self) -> str:
        when = self.enqueued_at.strftime("%d.%m.%Y %H:%M") if self.enqueued_at else ""
        return f"{self.title()}, {when}".rstrip(", ")

    def title(self) -> str:
        return TASK_NAMES.get(self.task_path, self.task_path)
