"""The registry of feedback: one record per appeal, review, comment, call, survey answer or publication, with
the taxpayer's personal data kept apart, the links between records and the batch each record came in. The
tables keep the names they had before the registry became an app of its own (`intake_…`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from otklik.registry.record import FIELD_LIMITS
from otklik.registry.record import AppealKind as AppealKind
from otklik.registry.record import AppealResult as AppealResult
from otklik.registry.record import Regime as Regime
from otklik.registry.record import TaxpayerKind as TaxpayerKind


class Tone(models.TextChoices):
    NEGATIVE = "negative", "отрицательный"
    NEUTRAL = "neutral", "нейтральный"
    POSITIVE = "positive", "положительный"


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "завершен"
        PARTIAL = "partial", "загружен частично"
        FAILED = "failed", "отклонен"

    channel = models.ForeignKey(
        "org.Channel", verbose_name="поток", on_delete=models.PROTECT, related_name="+"
    )
    origin = models.CharField("способ", max_length=16, default="file")  # file, api, feed, manual, demo
    file_name = models.CharField("файл", max_length=255, blank=True)
    file_path = models.CharField("сохраненный файл", max_length=500, blank=True)
    file_sha256 = models.CharField("SHA-256 файла", max_length=64, blank=True, db_index=True)
    mapping = models.CharField("сопоставление колонок", max_length=100, blank=True)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("строк в файле", null=True, blank=True)
    position = models.PositiveIntegerField("обработано строк", default=0)
    created_count = models.PositiveIntegerField("добавлено", default=0)
    duplicate_count = models.PositiveIntegerField("повторов", default=0)
    rejected_count = models.PositiveIntegerField("в карантине", default=0)
    message = models.TextField("сообщение", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="загрузил",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    finished_at = models.DateTimeField("завершен", null=True, blank=True)
    # The one process importing the batch now («машина:процесс:метка»), until when its claim holds unless
    # renewed (see `importer.claim`).
    claimed_by = models.CharField("загружает процесс", max_length=100, blank=True)
    claimed_until = models.DateTimeField("захват действует до", null=True, blank=True)

    # A batch that is not finished yet: a file has at most one, which every new run of the file goes on.
    OPEN = (Status.QUEUED, Status.RUNNING, Status.PARTIAL)

    class Meta:
        db_table = "intake_importbatch"
        verbose_name = "пакет загрузки"
        verbose_name_plural = "пакеты загрузки"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "file_sha256"],
                condition=models.Q(status__in=["queued", "running", "partial"]) & ~models.Q(file_sha256=""),
                name="importbatch_one_open_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"Пакет №{self.pk} ({self.file_name or self.origin})"


class Feedback(models.Model):
    channel = models.ForeignKey(
        "org.Channel", verbose_name="поток", on_delete=models.PROTECT, related_name="+"
    )
    sub_source = models.ForeignKey(
        "org.ChannelSource",
        verbose_name="источник",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.CharField("идентификатор в источнике", max_length=FIELD_LIMITS["source_id"])
    received_at = models.DateTimeField("поступило", db_index=True)
    registered_at = models.DateTimeField("зарегистрировано", null=True, blank=True)
    office = models.ForeignKey(
        "org.TaxOffice",
        verbose_name="налоговый орган",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answering_unit = models.ForeignKey(
        "org.Unit",
        verbose_name="подразделение, давшее ответ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "org.PublicService",
        verbose_name="государственная услуга",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    taxpayer_kind = models.CharField(
        "налогоплательщик", max_length=8, choices=TaxpayerKind.choices, default=TaxpayerKind.UNKNOWN
    )
    title = models.CharField("заголовок", max_length=FIELD_LIMITS["title"], blank=True)
    text = models.TextField("текст", blank=True)
    url = models.URLField("ссылка", max_length=FIELD_LIMITS["url"], blank=True)
    grades = models.JSONField("оценки по критериям", default=dict, blank=True)
    min_grade = models.PositiveSmallIntegerField("наименьшая оценка", null=True, blank=True, db_index=True)
    negative_mark = models.BooleanField("отрицательная отметка ответа", null=True, blank=True)
    redirected_to = models.CharField("переадресовано", max_length=FIELD_LIMITS["redirected_to"], blank=True)
    resolved_first_line = models.BooleanField("решено на первой линии", null=True, blank=True)
    is_complaint = models.BooleanField("жалоба", null=True, blank=True)
    topic_hint = models.CharField(
        "тематика по данным источника", max_length=FIELD_LIMITS["topic_hint"], blank=True
    )
    registration_number = models.CharField(
        "регистрационный номер", max_length=FIELD_LIMITS["registration_number"], blank=True
    )
    appeal_kind = models.CharField("вид обращения", max_length=16, choices=AppealKind.choices, blank=True)
    regime = models.CharField("порядок рассмотрения", max_length=8, choices=Regime.choices, blank=True)
    is_repeat = models.BooleanField("повторное", default=False)
    classifier_codes = models.JSONField("коды тематического классификатора", default=list, blank=True)
    due_date = models.DateField("срок ответа", null=True, blank=True)
    extended_to = models.DateField("срок продлен до", null=True, blank=True)
    extension_reason = models.CharField("причина продления", max_length=500, blank=True)
    forward_due = models.DateField("срок направления по компетенции", null=True, blank=True)
    result = models.CharField("результат", max_length=16, choices=AppealResult.choices, blank=True)
    forwarded_by = models.CharField("направивший орган", max_length=FIELD_LIMITS["forwarded_by"], blank=True)
    forwarding_letter_number = models.CharField(
        "номер сопроводительного письма", max_length=FIELD_LIMITS["forwarding_letter_number"], blank=True
    )
    forwarding_letter_date = models.DateField("дата сопроводительного письма", null=True, blank=True)
    forwarder_control = models.BooleanField("на контроле направившего органа", default=False)
    forwarder_due = models.DateField("срок сообщения направившему органу", null=True, blank=True)
    raw = models.JSONField("исходная запись", default=dict, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name="пакет загрузки",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    fingerprint = models.CharField("отпечаток содержания", max_length=64, db_index=True)
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    # Text analysis: filled by the analysis service, read by routing and reports.
    tone = models.CharField("тональность", max_length=8, choices=Tone.choices, blank=True, db_index=True)
    tone_probability = models.FloatField("вероятность тональности", null=True, blank=True)
    tone_signal = models.CharField("решающий признак", max_length=255, blank=True)
    tone_rule = models.CharField("строка таблицы тональности", max_length=4, blank=True)
    tone_model = models.CharField("версия модели", max_length=64, blank=True)
    explanation = models.JSONField("объяснение", default=list, blank=True)
    topic = models.ForeignKey(
        "org.Topic",
        verbose_name="тематика",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic_confidence = models.FloatField("уверенность в тематике", null=True, blank=True)
    suggested_office = models.ForeignKey(
        "org.TaxOffice",
        verbose_name="налоговый орган по тексту",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_relevant = models.BooleanField("относится к налоговой службе", default=True)
    masked_text = models.TextField("текст с маскированием", blank=True)
    masked_title = models.CharField("заголовок с маскированием", max_length=500, blank=True)
    analysed_at = models.DateTimeField("проанализировано", null=True, blank=True, db_index=True)
    analysis_claim = models.CharField(
        "взято на анализ обработчиком", max_length=32, blank=True, db_index=True
    )
    analysis_claimed_until = models.DateTimeField("срок захвата на анализ", null=True, blank=True)
    links_checked = models.BooleanField("проверено на повторность", default=False, db_index=True)

    class Meta:
        db_table = "intake_feedback"
        verbose_name = "отзыв (обращение)"
        verbose_name_plural = "реестр обратной связи"
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "source_id"], name="feedback_natural_key")]
        indexes = [
            models.Index(fields=["channel", "received_at"]),
            models.Index(fields=["office", "received_at"]),
            models.Index(fields=["topic", "received_at"]),
            models.Index(fields=["tone", "received_at"]),
            # Covers the dashboard's and the reports' counts by stream, office, topic, unit and tone over a
            # period, so they read this index alone, not the table; with the id, a search within a period
            # joins its matches to this index alone too (PostgreSQL; SQLite has the rowid in every index).
            models.Index(
                fields=["received_at", "channel", "office", "topic", "tone", "answering_unit", "id"],
                name="feedback_period_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number or self.source_id} ({self.received_at:%d.%m.%Y})"


class PersonalData(models.Model):
    """The taxpayer's personal data (152-ФЗ), kept apart: masking, audit and erasure touch one place."""

    feedback = models.OneToOneField(
        Feedback, on_delete=models.CASCADE, related_name="personal", primary_key=True
    )
    full_name = models.CharField("ФИО", max_length=FIELD_LIMITS["personal.full_name"], blank=True)
    inn = models.CharField("ИНН", max_length=FIELD_LIMITS["personal.inn"], blank=True, db_index=True)
    phone = models.CharField("телефон", max_length=FIELD_LIMITS["personal.phone"], blank=True)
    email = models.CharField("электронная почта", max_length=FIELD_LIMITS["personal.email"], blank=True)
    postal_address = models.CharField(
        "почтовый адрес", max_length=FIELD_LIMITS["personal.postal_address"], blank=True
    )
    erased_at = models.DateTimeField("удалено", null=True, blank=True)

    class Meta:
        db_table = "intake_personaldata"
        verbose_name = "персональные данные"
        verbose_name_plural = "персональные данные"

    def __str__(self) -> str:
        return f"ПДн к {self.feedback_id}"


class FeedbackLink(models.Model):
    """A repeat appeal, the same appeal through two streams, another appeal of the same taxpayer, or the same
    publication from a second source: linked, never merged (docs/linking-table.md)."""

    class Kind(models.TextChoices):
        REPEAT = "repeat", "повторное обращение"
        CROSS_STREAM = "cross_stream", "то же обращение в другом потоке"
        SAME_TAXPAYER = "same_taxpayer", "обращение того же налогоплательщика"
        DUPLICATE = "duplicate", "та же публикация из другого источника"

    earlier = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="later_links")
    later = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="earlier_links")
    kind = models.CharField("связь", max_length=16, choices=Kind.choices, db_index=True)
    similarity = models.FloatField("сходство текста")
    basis = models.CharField("основание", max_length=255, blank=True)

    class Meta:
        db_table = "intake_feedbacklink"
        verbose_name = "связь обращений"
        verbose_name_plural = "связи обращений"
        constraints = [models.UniqueConstraint(fields=["earlier", "later"], name="feedback_link_unique")]

    def __str__(self) -> str:
        return f"{self.later_id} → {self.earlier_id} ({self.get_kind_display()})"


class LinkKey(models.Model):
    """What a checked record can be found by: its registration number, the taxpayer's ИНН, phone or e-mail
    (as hashes), band keys of its text, a publication's address and title. Linking looks these up in one
    indexed query per portion of records instead of reading the registry."""

    class Kind(models.TextChoices):
        TAXPAYER = "taxpayer", "налогоплательщик"
        NUMBER = "number", "регистрационный номер"
        TEXT = "text", "текст"
        PUBLICATION = "publication", "публикация"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=80)
    received_at = models.DateTimeField()

    class Meta:
        db_table = "intake_linkkey"
        verbose_name = "ключ поиска связей"
        verbose_name_plural = "ключи поиска связей"
        indexes = [models.Index(fields=["key", "received_at"], name="link_key_lookup")]

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.key}"


def counted_once(queryset: models.QuerySet[Feedback]) -> models.QuerySet[Feedback]:
    """The records without the second copies of a publication: a publication from two sources counts once."""
    return queryset.exclude(earlier_links__kind=FeedbackLink.Kind.DUPLICATE)
