import django.db.models.deletion
from django.db import migrations, models

OPEN = ["queued", "running", "partial"]


def close_extra_open_batches(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Before one open batch per file is required: of a file's open batches, the newest stays open."""
    batch_model = apps.get_model("intake", "ImportBatch")
    seen = set()
    for batch in batch_model.objects.filter(status__in=OPEN).exclude(file_sha256="").order_by("-id"):
        key = (batch.channel_id, batch.file_sha256)
        if key in seen:
            batch_model.objects.filter(pk=batch.pk).update(
                status="failed", message="Пакет закрыт: тот же файл загружается в более позднем пакете."
            )
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_period_figures_with_id"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="claimed_by",
            field=models.CharField(blank=True, max_length=100, verbose_name="загружает процесс"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="claimed_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="захват действует до"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
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
        migrations.AddField(
            model_name="quarantinerow",
            name="conflict",
            field=models.JSONField(blank=True, null=True, verbose_name="ранее загруженная версия записи"),
        ),
        migrations.CreateModel(
            name="UploadPart",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField(verbose_name="номер части")),
                ("data", models.BinaryField(verbose_name="содержимое")),
                (
                    "batch",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="file_parts",
                        to="intake.importbatch",
                    ),
                ),
            ],
            options={
                "verbose_name": "часть загруженного файла",
                "verbose_name_plural": "части загруженных файлов",
                "ordering": ["batch", "number"],
                "constraints": [models.UniqueConstraint(fields=("batch", "number"), name="upload_part_unique")],
            },
        ),
        migrations.RunPython(close_extra_open_batches, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="importbatch",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", OPEN), models.Q(("file_sha256", ""), _negated=True)),
                fields=("channel", "file_sha256"),
                name="importbatch_one_open_per_file",
            ),
        ),
    ]
