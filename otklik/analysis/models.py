"""Labels (demo ground truth and staff corrections) and the versions of the text models."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Label(models.Model):
    """What a record's tone and topic really are: from the demo generator, or corrected by an officer."""

    class Origin(models.TextChoices):
        DEMO = "demo", "демонстрационные данные"
        STAFF = "staff", "исправление сотрудника"

    feedback = models.ForeignKey("registry.Feedback", on_delete=models.CASCADE, related_name="labels")
    origin = models.CharField("происхождение", max_length=8, choices=Origin.choices)
    tone = models.CharField("тональность", max_length=8, blank=True)
    topic = models.ForeignKey("org.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    previous_tone = models.CharField("была тональность", max_length=8, blank=True)
    previous_topic = models.ForeignKey(
        "org.Topic", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "разметка"
        verbose_name_plural = "разметка и исправления"
        indexes = [models.Index(fields=["origin", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_origin_display()}: {self.tone} / {self.topic_id}"


class ModelVersion(models.Model):
    """A trained version of the tone and topic models, with its evaluation; one is in service."""

    version = models.CharField("версия", max_length=64, unique=True)
    created_at = models.DateTimeField("обучена", auto_now_add=True)
    in_service = models.BooleanField("используется", default=False)
    metrics = models.JSONField("показатели", default=dict)
    corrections = models.PositiveIntegerField("исправлений в обучении", default=0)
    note = models.TextField("заключение", blank=True)

    class Meta:
        verbose_name = "версия модели"
        verbose_name_plural = "версии моделей"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version
