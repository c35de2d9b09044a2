"""Measures taken against the causes of negative feedback, their history, and spike alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MeasureState(models.TextChoices):
    PROPOSED = "proposed", "предложена"
    APPROVED = "approved", "согласована"
    IN_PROGRESS = "in_progress", "выполняется"
    DONE = "done", "выполнена"
    REJECTED = "rejected", "отклонена"


class Measure(models.Model):
    title = models.CharField("что будет сделано", max_length=300)
    description = models.TextField("описание", blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="ответственное подразделение", on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ответственный сотрудник",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField("срок")
    state = models.CharField(
        "состояние", max_length=16, choices=MeasureState.choices, default=MeasureState.PROPOSED, db_index=True
    )
    rejection_reason = models.TextField("причина отклонения", blank=True)
    done_date = models.DateField("дата выполнения", null=True, blank=True, db_index=True)
    # Written by the responsible unit when it marks the measure done; the effect below is measured apart.
    outcome = models.TextField("что сделано и результат", blank=True)
    feedback = models.ManyToManyField(
        "registry.Feedback", verbose_name="отзывы и обращения", blank=True, related_name="+"
    )
    topics = models.ManyToManyField("org.Topic", verbose_name="тематики", blank=True, related_name="+")
    offices = models.ManyToManyField(
        "org.TaxOffice", verbose_name="налоговые органы", blank=True, related_name="+"
    )
    analyses = models.ManyToManyField(
        "monitoring.Analysis", verbose_name="разборы отзывов", blank=True, related_name="measures"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="предложил",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("предложена", auto_now_add=True)
    # The before/after comparison as last computed (see effect.py); recomputed daily by the worker.
    effect = models.JSONField("эффект", null=True, blank=True)
    effect_computed_at = models.DateTimeField("эффект рассчитан", null=True, blank=True)

    class Meta:
        verbose_name = "мера"
        verbose_name_plural = "меры"
        ordering = ["-created_at", "-pk"]
        permissions = [("approve_measure", "Согласование и отклонение мер")]

    def __str__(self) -> str:
        return f"Мера № {self.pk}: {self.title}"


class MeasureEvent(models.Model):
    """One step of a measure's history, shown on its card (the audit log holds the same, for the auditor)."""

    measure = models.ForeignKey(Measure, verbose_name="мера", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("когда", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField("из состояния", max_length=16, choices=MeasureState.choices, blank=True)
    to_state = models.CharField("в состояние", max_length=16, choices=MeasureState.choices)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "событие меры"
        verbose_name_plural = "история мер"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.from_state or '—'} → {self.to_state}"


class Dimension(models.TextChoices):
    OFFICE = "office", "налоговый орган"
    TOPIC = "topic", "тематика"
    STREAM = "stream", "поток"


class AlertState(models.TextChoices):
    OPEN = "open", "открыто"
    ACKNOWLEDGED = "acknowledged", "принято к сведению"
    CLOSED = "closed", "закрыто"


class Alert(models.Model):
    """An unusually high daily count of negative feedback for one office, topic or stream."""

    dimension = models.CharField("разрез", max_length=8, choices=Dimension.choices)
    key = models.CharField("код", max_length=64)  # TaxOffice.code, Topic.code or Channel.code
    label = models.CharField("наименование", max_length=255, blank=True)
    day = models.DateField("день", db_index=True)
    window_days = models.PositiveSmallIntegerField("окно, дней", default=1)
    observed = models.PositiveIntegerField("отрицательных за день")
    expected = models.FloatField("ожидалось")
    p_value = models.FloatField("p-значение")
    state = models.CharField(
        "состояние", max_length=16, choices=AlertState.choices, default=AlertState.OPEN, db_index=True
    )
    raised_at = models.DateTimeField("поднято", auto_now_add=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name="подразделение для уведомления",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="обработал",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField("обработано", null=True, blank=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "всплеск"
        verbose_name_plural = "всплески"
        ordering = ["-day", "p_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "key", "day"], name="alert_once_per_dimension_key_day"
            )
        ]

    def __str__(self) -> str:
        return f"Всплеск: {self.get_dimension_display()} {self.label or self.key}, {self.day:%d.%m.%Y}"

    @property
    def times_expected(self) -> float | None:
        """How many times more negatives than usual that day: what a reader checks instead of a p-value."""
        return self.observed / self.expected if self.expected else None
