"""The registry's records move from the intake app to their own: the tables stay as they are (`intake_…`), only
Django's idea of which app holds them changes; their content types, and with them the permissions the roles hold,
move too."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("feedback", "importbatch", "personaldata", "feedbacklink", "linkkey")


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not content_type.objects.using(db).filter(app_label="registry", model=model).exists():
            content_type.objects.using(db).filter(app_label="intake", model=model).update(
                app_label="registry"
            )


def return_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        content_type.objects.using(db).filter(app_label="registry", model=model).update(app_label="intake")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("intake", "0010_pending_uploads"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0003_grade_units"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Feedback",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "source_id",
                            models.CharField(max_length=128, verbose_name="идентификатор в источнике"),
                        ),
                        ("received_at", models.DateTimeField(db_index=True, verbose_name="поступило")),
                        (
                            "registered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="зарегистрировано"),
                        ),
                        (
                            "taxpayer_kind",
                            models.CharField(
                                choices=[("fl", "ФЛ"), ("ul", "ЮЛ"), ("ip", "ИП"), ("unknown", "не указан")],
                                default="unknown",
                                max_length=8,
                                verbose_name="налогоплательщик",
                            ),
                        ),
                        ("title", models.CharField(blank=True, max_length=500, verbose_name="заголовок")),
                        ("text", models.TextField(blank=True, verbose_name="текст")),
                        ("url", models.URLField(blank=True, max_length=1000, verbose_name="ссылка")),
                        (
                            "grades",
                            models.JSONField(blank=True, default=dict, verbose_name="оценки по критериям"),
                        ),
                        (
                            "min_grade",
                            models.PositiveSmallIntegerField(
                                blank=True, db_index=True, null=True, verbose_name="наименьшая оценка"
                            ),
                        ),
                        (
                            "negative_mark",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="отрицательная отметка ответа"
                            ),
                        ),
                        (
                            "redirected_to",
                            models.CharField(blank=True, max_length=255, verbose_name="переадресовано"),
                        ),
                        (
                            "resolved_first_line",
                            models.BooleanField(blank=True, null=True, verbose_name="решено на первой линии"),
                        ),
                        ("is_complaint", models.BooleanField(blank=True, null=True, verbose_name="жалоба")),
                        (
                            "topic_hint",
                            models.CharField(
                                blank=True, max_length=255, verbose_name="тематика по данным источника"
                            ),
                        ),
                        (
                            "registration_number",
                            models.CharField(blank=True, max_length=64, verbose_name="регистрационный номер"),
                        ),
                        (
                            "appeal_kind",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("appeal", "обращение"),
                                    ("complaint", "жалоба"),
                                    ("proposal", "предложение"),
                                ],
                                max_length=16,
                                verbose_name="вид обращения",
                            ),
                        ),
                        (
                            "regime",
                            models.CharField(
                                blank=True,
                                choices=[("59fz", "59-ФЗ"), ("nk19", "гл. 19 НК РФ")],
                                max_length=8,
                                verbose_name="порядок рассмотрения",
                            ),
                        ),
                        ("is_repeat", models.BooleanField(default=False, verbose_name="повторное")),
                        (
                            "classifier_codes",
                            models.JSONField(
                                blank=True, default=list, verbose_name="коды тематического классификатора"
                            ),
                        ),
                        ("due_date", models.DateField(blank=True, null=True, verbose_name="срок ответа")),
                        (
                            "extended_to",
                            models.DateField(blank=True, null=True, verbose_name="срок продлен до"),
                        ),
                        (
                            "extension_reason",
                            models.CharField(blank=True, max_length=500, verbose_name="причина продления"),
                        ),
                        (
                            "forward_due",
                            models.DateField(
                                blank=True, null=True, verbose_name="срок направления по компетенции"
                            ),
                        ),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("supported", "поддержано"),
                                    ("explained", "разъяснено"),
                                    ("not_supported", "не поддержано"),
                                    ("forwarded", "направлено по компетенции"),
                                ],
                                max_length=16,
                                verbose_name="результат",
                            ),
                        ),
                        (
                            "forwarded_by",
                            models.CharField(blank=True, max_length=255, verbose_name="направивший орган"),
                        ),
                        (
                            "forwarding_letter_number",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="номер сопроводительного письма"
                            ),
                        ),
                        (
                            "forwarding_letter_date",
                            models.DateField(
                                blank=True, null=True, verbose_name="дата сопроводительного письма"
                            ),
                        ),
                        (
                            "forwarder_control",
                            models.BooleanField(
                                default=False, verbose_name="на контроле направившего органа"
                            ),
                        ),
                        (
                            "forwarder_due",
                            models.DateField(
                                blank=True, null=True, verbose_name="срок сообщения направившему органу"
                            ),
                        ),
                        ("raw", models.JSONField(blank=True, default=dict, verbose_name="исходная запись")),
                        (
                            "fingerprint",
                            models.CharField(
                                db_index=True, max_length=64, verbose_name="отпечаток содержания"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="внесено")),
                        (
                            "tone",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("negative", "отрицательный"),
                                    ("neutral", "нейтральный"),
                                    ("positive", "положительный"),
                                ],
                                db_index=True,
                                max_length=8,
                                verbose_name="тональность",
                            ),
                        ),
                        (
                            "tone_probability",
                            models.FloatField(blank=True, null=True, verbose_name="вероятность тональности"),
                        ),
                        (
                            "tone_signal",
                            models.CharField(blank=True, max_length=255, verbose_name="решающий признак"),
                        ),
                        (
                            "tone_rule",
                            models.CharField(
                                blank=True, max_length=4, verbose_name="строка таблицы тональности"
                            ),
                        ),
                        (
                            "tone_model",
                            models.CharField(blank=True, max_length=64, verbose_name="версия модели"),
                        ),
                        (
                            "explanation",
                            models.JSONField(blank=True, default=list, verbose_name="объяснение"),
                        ),
                        (
                            "topic_confidence",
                            models.FloatField(blank=True, null=True, verbose_name="уверенность в тематике"),
                        ),
                        (
                            "is_relevant",
                            models.BooleanField(default=True, verbose_name="относится к налоговой службе"),
                        ),
                        ("masked_text", models.TextField(blank=True, verbose_name="текст с маскированием")),
                        (
                            "masked_title",
                            models.CharField(
                                blank=True, max_length=500, verbose_name="заголовок с маскированием"
                            ),
                        ),
                        (
                            "analysed_at",
                            models.DateTimeField(
                                blank=True, db_index=True, null=True, verbose_name="проанализировано"
                            ),
                        ),
                        (
                            "analysis_claim",
                            models.CharField(
                                blank=True,
                                db_index=True,
                                max_length=32,
                                verbose_name="взято на анализ обработчиком",
                            ),
                        ),
                        (
                            "analysis_claimed_until",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="срок захвата на анализ"
                            ),
                        ),
                        (
                            "links_checked",
                            models.BooleanField(
                                db_index=True, default=False, verbose_name="проверено на повторность"
                            ),
                        ),
                        (
                            "answering_unit",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.unit",
                                verbose_name="подразделение, давшее ответ",
                            ),
                        ),
                        (
                            "channel",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.channel",
                                verbose_name="поток",
                            ),
                        ),
                        (
                            "office",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.taxoffice",
                                verbose_name="налоговый орган",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.publicservice",
                                verbose_name="государственная услуга",
                            ),
                        ),
                        (
                            "sub_source",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.channelsource",
                                verbose_name="источник",
                            ),
                        ),
                        (
                            "suggested_office",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="org.taxoffice",
                                verbose_name="налоговый орган по тексту",
                            ),
                        ),
                        (
                            "topic",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.topic",
                                verbose_name="тематика",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "отзыв (обращение)",
                        "verbose_name_plural": "реестр обратной связи",
                        "db_table": "intake_feedback",
                        "ordering": ["-received_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="PersonalData",
                    fields=[
                        (
                            "feedback",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="personal",
                                serialize=False,
                                to="registry.feedback",
                            ),
                        ),
                        ("full_name", models.CharField(blank=True, max_length=255, verbose_name="ФИО")),
                        (
                            "inn",
                            models.CharField(blank=True, db_index=True, max_length=12, verbose_name="ИНН"),
                        ),
                        ("phone", models.CharField(blank=True, max_length=64, verbose_name="телефон")),
                        (
                            "email",
                            models.CharField(blank=True, max_length=255, verbose_name="электронная почта"),
                        ),
                        (
                            "postal_address",
                            models.CharField(blank=True, max_length=500, verbose_name="почтовый адрес"),
                        ),
                        ("erased_at", models.DateTimeField(blank=True, null=True, verbose_name="удалено")),
                    ],
                    options={
                        "verbose_name": "персональные данные",
                        "verbose_name_plural": "персональные данные",
                        "db_table": "intake_personaldata",
                    },
                ),
                migrations.CreateModel(
                    name="ImportBatch",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("origin", models.CharField(default="file", max_length=16, verbose_name="способ")),
                        ("file_name", models.CharField(blank=True, max_length=255, verbose_name="файл")),
                        (
                            "file_path",
                            models.CharField(blank=True, max_length=500, verbose_name="сохраненный файл"),
                        ),
                        (
                            "file_sha256",
                            models.CharField(
                                blank=True, db_index=True, max_length=64, verbose_name="SHA-256 файла"
                            ),
                        ),
                        (
                            "mapping",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="сопоставление колонок"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "в очереди"),
                                    ("running", "выполняется"),
                                    ("done", "завершен"),
                                    ("partial", "загружен частично"),
                                    ("failed", "отклонен"),
                                ],
                                default="queued",
                                max_length=16,
                                verbose_name="состояние",
                            ),
                        ),
                        (
                            "total_rows",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="строк в файле"),
                        ),
                        ("position", models.PositiveIntegerField(default=0, verbose_name="обработано строк")),
                        ("created_count", models.PositiveIntegerField(default=0, verbose_name="добавлено")),
                        ("duplicate_count", models.PositiveIntegerField(default=0, verbose_name="повторов")),
                        (
                            "rejected_count",
                            models.PositiveIntegerField(default=0, verbose_name="в карантине"),
                        ),
                        ("message", models.TextField(blank=True, verbose_name="сообщение")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="создан")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="завершен")),
                        (
                            "claimed_by",
                            models.CharField(blank=True, max_length=100, verbose_name="загружает процесс"),
                        ),
                        (
                            "claimed_until",
                            models.DateTimeField(blank=True, null=True, verbose_name="захват действует до"),
                        ),
                        (
                            "channel",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="org.channel",
                                verbose_name="поток",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="загрузил",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "пакет загрузки",
                        "verbose_name_plural": "пакеты загрузки",
                        "db_table": "intake_importbatch",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.AddField(
                    model_name="feedback",
                    name="batch",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="feedback",
                        to="registry.importbatch",
                        verbose_name="пакет загрузки",
                    ),
                ),
                migrations.CreateModel(
                    name="LinkKey",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("taxpayer", "налогоплательщик"),
                                    ("number", "регистрационный номер"),
                                    ("text", "текст"),
                                    ("publication", "публикация"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("key", models.CharField(max_length=80)),
                        ("received_at", models.DateTimeField()),
                        (
                            "feedback",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="registry.feedback",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ключ поиска связей",
                        "verbose_name_plural": "ключи поиска связей",
                        "db_table": "intake_linkkey",
                    },
                ),
                migrations.CreateModel(
                    name="FeedbackLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("repeat", "повторное обращение"),
                                    ("cross_stream", "то же обращение в другом потоке"),
                                    ("same_taxpayer", "обращение того же налогоплательщика"),
                                    ("duplicate", "та же публикация из другого источника"),
                                ],
                                db_index=True,
                                max_length=16,
                                verbose_name="связь",
                            ),
                        ),
                        ("similarity", models.FloatField(verbose_name="сходство текста")),
                        ("basis", models.CharField(blank=True, max_length=255, verbose_name="основание")),
                        (
                            "earlier",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="later_links",
                                to="registry.feedback",
                            ),
                        ),
                        (
                            "later",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="earlier_links",
                                to="registry.feedback",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "связь обращений",
                        "verbose_name_plural": "связи обращений",
                        "db_table": "intake_feedbacklink",
                        "constraints": [
                            models.UniqueConstraint(fields=("earlier", "later"), name="feedback_link_unique")
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="importbatch",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(
                            ("status__in", ["queued", "running", "partial"]),
                            models.Q(("file_sha256", ""), _negated=True),
                        ),
                        fields=("channel", "file_sha256"),
                        name="importbatch_one_open_per_file",
                    ),
                ),
                migrations.AddIndex(
                    model_name="feedback",
                    index=models.Index(
                        fields=["channel", "received_at"], name="intake_feed_channel_9e480d_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="feedback",
                    index=models.Index(
                        fields=["office", "received_at"], name="intake_feed_office__5e205c_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="feedback",
                    index=models.Index(
                        fields=["topic", "received_at"], name="intake_feed_topic_i_5e14cc_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="feedback",
                    index=models.Index(fields=["tone", "received_at"], name="intake_feed_tone_ef36d9_idx"),
                ),
                migrations.AddIndex(
                    model_name="feedback",
                    index=models.Index(
                        fields=["received_at", "channel", "office", "topic", "tone", "answering_unit", "id"],
                        name="feedback_period_figures",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="feedback",
                    constraint=models.UniqueConstraint(
                        fields=("channel", "source_id"), name="feedback_natural_key"
                    ),
                ),
                migrations.AddIndex(
                    model_name="linkkey",
                    index=models.Index(fields=["key", "received_at"], name="link_key_lookup"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
