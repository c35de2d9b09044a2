"""Reference data: units, offices, streams, public services, topics and the dated responsibility matrix."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from otklik.lib.routing import CRITERIA


class DatedQuerySet[M: models.Model](models.QuerySet[M]):
    def in_force(self, on: dt.date) -> DatedQuerySet[M]:
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class Unit(models.Model):
    code = models.CharField("код", max_length=16, unique=True)
    name = models.CharField("наименование", max_length=255)
    short_name = models.CharField("краткое наименование", max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="вышестоящее подразделение", null=True, blank=True, on_delete=models.PROTECT
    )
    email = models.EmailField("адрес для уведомлений", blank=True)
    head_position = models.CharField(
        "должность руководителя", max_length=255, blank=True, help_text="как в подписи документа"
    )
    head_name = models.CharField(
        "руководитель (И. О. Фамилия)", max_length=150, blank=True, help_text="как в подписи документа"
    )
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по", null=True, blank=True)

    objects = DatedQuerySet["Unit"].as_manager()

    class Meta:
        verbose_name = "структурное подразделение"
        verbose_name_plural = "структурные подразделения"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.short_name or self.name}"


class TaxOffice(models.Model):
    code = models.CharField("код", max_length=16, unique=True)
    name = models.CharField("наименование", max_length=255)
    short_name = models.CharField("краткое наименование", max_length=64, blank=True)
    city = models.CharField("населенный пункт", max_length=64, blank=True)
    aliases = models.JSONField("другие названия", default=list, blank=True)
    valid_from = models.DateField("действует с", default=dt.date(2016, 1, 1))
    valid_to = models.DateField("действует по", null=True, blank=True)

    objects = DatedQuerySet["TaxOffice"].as_manager()

    class Meta:
        verbose_name = "налоговый орган"
        verbose_name_plural = "налоговые органы"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Channel(models.Model):
    number = models.PositiveSmallIntegerField("№ потока", unique=True)
    code = models.SlugField("код", max_length=32, unique=True)
    name = models.CharField("наименование", max_length=255)

    class Meta:
        verbose_name = "поток обратной связи"
        verbose_name_plural = "потоки обратной связи"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ChannelSource(models.Model):
    channel = models.ForeignKey(
        Channel, verbose_name="поток", on_delete=models.CASCADE, related_name="sources"
    )
    code = models.SlugField("код", max_length=32)
    name = models.CharField("наименование", max_length=255)

    class Meta:
        verbose_name = "источник"
        verbose_name_plural = "источники"
        ordering = ["channel__number", "id"]
        constraints = [models.UniqueConstraint(fields=["channel", "code"], name="channel_source_unique")]

    def __str__(self) -> str:
        return self.name


class PublicService(models.Model):
    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("наименование", max_length=255)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "государственная услуга"
        verbose_name_plural = "государственные услуги"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    code = models.CharField("код", max_length=64, unique=True)
    name = models.CharField("наименование", max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name="раздел",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    classifier_code = models.CharField("код по типовому классификатору", max_length=32, blank=True)
    classifier_edition = models.CharField("редакция классификатора", max_length=32, blank=True)
    key_phrases = models.JSONField("ключевые фразы", default=list, blank=True)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "тематика"
        verbose_name_plural = "тематики"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class TopicUnit(models.Model):
    """Which unit is competent for a topic, from a date."""

    topic = models.ForeignKey(Topic, verbose_name="тематика", on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, verbose_name="подразделение", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по", null=True, blank=True)

    objects = DatedQuerySet["TopicUnit"].as_manager()

    class Meta:
        verbose_name = "компетенция подразделения по тематике"
        verbose_name_plural = "компетенция подразделений по тематикам"
        ordering = ["topic__code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.topic} → {self.unit} с {self.valid_from:%d.%m.%Y}"


class GradeUnit(models.Model):
    """Which unit analyses a low grade on a criterion, or a low grade of a public service, from a date.

    Surveys and «Ваш контроль» reviews without a comment have no topic; they go by this map instead."""

    criterion = models.CharField(
        "критерий оценки",
        max_length=32,
        blank=True,
        choices=list(CRITERIA.items()),
        help_text="Пусто — любой критерий (строка по государственной услуге)",
    )
    service = models.ForeignKey(
        PublicService,
        verbose_name="государственная услуга",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Пусто — любая услуга",
    )
    unit = models.ForeignKey(Unit, verbose_name="подразделение", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по", null=True, blank=True)

    objects = DatedQuerySet["GradeUnit"].as_manager()

    class Meta:
        verbose_name = "компетенция подразделения по критерию оценки"
        verbose_name_plural = "компетенция подразделений по критериям оценки"
        ordering = ["criterion", "service__name", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(criterion="") | Q(service__isnull=False), name="grade_unit_criterion_or_service"
            )
        ]

    def __str__(self) -> str:
        what = " / ".join(
            x for x in (self.get_criterion_display() if self.criterion else "", str(self.service or "")) if x
        )
        return f"{what} → {self.unit} с {self.valid_from:%d.%m.%Y}"


class Periodicity(models.TextChoices):
    DAILY = "daily", "ежедневно"
    WEEKLY = "weekly", "еженедельно"
    MONTHLY = "monthly", "ежемесячно"
    QUARTERLY = "quarterly", "ежеквартально"
    YEARLY = "yearly", "ежегодно"


class Regulation(models.Model):
    """An order that divides the monitoring among units; in force from `effective_from`."""

    number = models.CharField("номер", max_length=255)
    date = models.DateField("дата")
    title = models.TextField("наименование")
    effective_from = models.DateField("действует с", unique=True)
    effective_to = models.DateField("действует по", null=True, blank=True)
    text = models.TextField("текст", blank=True)

    class Meta:
        verbose_name = "регламент (разграничение ответственности)"
        verbose_name_plural = "регламенты (разграничение ответственности)"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.number} от {self.date:%d.%m.%Y}"


class ResponsibilityRule(models.Model):
    regulation = models.ForeignKey(
        Regulation, verbose_name="регламент", on_delete=models.CASCADE, related_name="rules"
    )
    row = models.PositiveSmallIntegerField("№ п/п")
    channel = models.ForeignKey(Channel, verbose_name="поток", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit,
        verbose_name="ответственное подразделение",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Пусто, если отвечает подразделение, давшее ответ налогоплательщику",
    )
    answering_unit = models.BooleanField("подразделение, давшее ответ", default=False)
    periodicity = models.CharField("периодичность", max_length=16, choices=Periodicity.choices)
    working_days = models.PositiveSmallIntegerField("рабочих дней на мониторинг после периода", default=5)

    class Meta:
        verbose_name = "правило разграничения ответственности"
        verbose_name_plural = "правила разграничения ответственности"
        ordering = ["regulation", "row"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "channel"], name="rule_channel_unique"),
            models.CheckConstraint(
                condition=Q(answering_unit=True, unit__isnull=True)
                | Q(answering_unit=False, unit__isnull=False),
                name="rule_unit_or_answering",
            ),
        ]

    def __str__(self) -> str:
        who = "подразделение, давшее ответ" if self.answering_unit else str(self.unit)
        return f"{self.channel.name}: {who}, {self.get_periodicity_display()}"
