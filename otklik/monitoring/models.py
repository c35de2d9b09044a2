"""Monitoring rounds of the regulation, the analysis of each negative item, its transfers, notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from otklik.org.models import Periodicity


class MonitoringRound(models.Model):
    """One unit's monitoring of one stream for one period, due a number of working days after it."""

    class State(models.TextChoices):
        OPEN = "open", "открыт"
        CLOSED = "closed", "закрыт"

    rule = models.ForeignKey(
        "org.ResponsibilityRule", verbose_name="правило", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.ForeignKey(
        "org.Channel", verbose_name="поток", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="подразделение", on_delete=models.PROTECT, related_name="monitoring_rounds"
    )
    periodicity = models.CharField("периодичность", max_length=16, choices=Periodicity.choices)
    period_start = models.DateField("начало периода")
    period_end = models.DateField("конец периода")
    period_code = models.CharField("код периода", max_length=16, db_index=True)
    due_date = models.DateField("срок", db_index=True)
    state = models.CharField("состояние", max_length=8, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField("открыт", auto_now_add=True)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="закрыл",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conclusion = models.TextField("вывод", blank=True)
    reminded_on = models.DateField("последнее напоминание", null=True, blank=True)

    class Meta:
        verbose_name = "мониторинг за период"
        verbose_name_plural = "мониторинги за периоды"
        ordering = ["-period_start", "channel__number", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "period_start", "unit"], name="monitoring_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.channel.name}, {self.period_code}, {self.unit.code}"


class Cause(models.Model):
    code = models.SlugField("код", max_length=32, unique=True)
    name = models.CharField("наименование", max_length=255)
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "причина негативного отзыва"
        verbose_name_plural = "причины негативных отзывов"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Analysis(models.Model):
    """The analysis of one negative feedback item by the unit that currently holds it."""

    class State(models.TextChoices):
        OPEN = "open", "в работе"
        CLOSED = "closed", "закрыт"
        WITHDRAWN = "withdrawn", "снят: отзыв больше не отрицательный"

    class WellFounded(models.TextChoices):
        YES = "yes", "обоснован"
        PARTLY = "partly", "обоснован частично"
        NO = "no", "не обоснован"

    feedback = models.OneToOneField(
        "registry.Feedback", verbose_name="отзыв", on_delete=models.CASCADE, related_name="analysis"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="подразделение", on_delete=models.PROTECT, related_name="analyses"
    )
    state = models.CharField("состояние", max_length=12, choices=State.choices, default=State.OPEN)
    triage = models.BooleanField("на разборе в общем отделе", default=False)
    well_founded = models.CharField("обоснованность", max_length=8, choices=WellFounded.choices, blank=True)
    cause = models.ForeignKey(
        Cause, verbose_name="причина", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField("комментарий", blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="взял в работу",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    taken_at = models.DateTimeField("взят в работу", null=True, blank=True)
    no_measure_reason = models.TextField("причина, по которой мера не нужна", blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменен", auto_now=True)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="закрыл",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "анализ негативного отзыва"
        verbose_name_plural = "анализ негативных отзывов"
        ordering = ["-feedback__received_at"]
        indexes = [models.Index(fields=["unit", "state"], name="analysis_unit_state")]

    def __str__(self) -> str:
        return f"Анализ отзыва № {self.feedback_id}"

    @property
    def stage(self) -> str:
        """Where the work stands, as leadership reads it: «открыт» until someone takes it or records
        findings, then «в работе», and «закрыт» or «снят»."""
        if self.state == self.State.CLOSED:
            return "закрыт"
        if self.state == self.State.WITHDRAWN:
            return "снят"
        return "в работе" if self.taken_by_id or self.well_founded else "открыт"

    @property
    def is_well_founded(self) -> bool:
        return self.well_founded in (self.WellFounded.YES, self.WellFounded.PARTLY)


class AnalysisTransfer(models.Model):
    """Who held an analysis: the initial routing is the first entry, with no `from_unit`."""

    analysis = models.ForeignKey(
        Analysis, verbose_name="анализ", on_delete=models.CASCADE, related_name="transfers"
    )
    from_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="от подразделения",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "org.Unit", verbose_name="подразделению", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("основание")
    basis = models.CharField("вид основания", max_length=16, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто передал",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "передача анализа"
        verbose_name_plural = "передачи анализа"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_unit or '—'} → {self.to_unit}"


class Notification(models.Model):
    """An in-app message for one user or for every officer of a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="получатель",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="подразделение-получатель",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.TextField("текст")
    link = models.CharField("ссылка", max_length=500, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(unit__isnull=False),
                name="notification_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
