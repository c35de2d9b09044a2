"""The registry's records (`Feedback`, `PersonalData`, `FeedbackLink`, `LinkKey`, `ImportBatch`) now belong to the
registry app (`registry.0001`): intake forgets them here without touching a table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0010_pending_uploads"),
        ("registry", "0001_initial"),
        ("analysis", "0002_feedback_in_registry"),
        ("monitoring", "0006_feedback_in_registry"),
        ("reports", "0008_feedback_in_registry"),
        ("measures", "0004_feedback_in_registry"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="quarantinerow",
                    name="batch",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quarantine",
                        to="registry.importbatch",
                    ),
                ),
                migrations.AlterField(
                    model_name="uploadpart",
                    name="batch",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="file_parts",
                        to="registry.importbatch",
                    ),
                ),
                migrations.DeleteModel(name="LinkKey"),
                migrations.DeleteModel(name="FeedbackLink"),
                migrations.DeleteModel(name="PersonalData"),
                migrations.DeleteModel(name="Feedback"),
                migrations.DeleteModel(name="ImportBatch"),
            ],
            database_operations=[],
        ),
    ]
